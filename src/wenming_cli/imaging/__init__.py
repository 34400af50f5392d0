"""Photos as pixels: decoding under one pixel limit (`decode`), fonts for caption strips (`fonts`),
fitting to a byte window (`jpeg`).

Open photos with `decode.open_lazily` / `decode.open_image`: they register HEIC once and apply the one
pixel limit that every command shares.
"""
