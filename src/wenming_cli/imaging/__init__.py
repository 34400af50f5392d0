"""Photos as pixels: decoding under one pixel limit, fonts for caption strips, fitting to a size."""
