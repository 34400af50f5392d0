try:
    from wenming_cli.cli.run import main
except KeyboardInterrupt:  # Ctrl-C while the entry point itself loads
    import sys

    sys.stderr.write("\n已中断。\n")
    sys.exit(130)

if __name__ == "__main__":
    main()
