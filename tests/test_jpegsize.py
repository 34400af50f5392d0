"""Sampled JPEG sizes and the planned search of `photo fit`: estimates close to whole encodes, and a
wrong estimate costing only encodes, never a file outside the window or a lower quality than needed."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from test_photofit import phone_photo

from wenming_cli.imaging import jpeg, jpegsize


@pytest.fixture(scope="module")
def big() -> Image.Image:
    img = phone_photo(1800, 1200, seed=1)  # 2.16 MP: just above the size worth sampling
    assert jpegsize.worth_sampling(img)
    return img


def _whole(img: Image.Image, quality: int, subsampling: int = 2) -> int:
    return len(jpeg.encode_jpeg(img, quality, subsampling=subsampling))


def test_sampled_sizes_are_within_a_few_percent_of_whole_encodes(big: Image.Image):
    exif = Image.Exif()
    exif[0x0110] = "iPhone 12"  # headers count once, not once per share of rows
    estimate = jpegsize.SampledSizes(big, lambda im, q, v: jpeg.encode_jpeg(im, q, exif.tobytes(), None, v))
    for quality, subsampling in ((70, 2), (85, 2), (95, 2), (90, 1), (95, 0)):
        real = len(jpeg.encode_jpeg(big, quality, exif.tobytes(), None, subsampling))
        assert abs(estimate(quality, subsampling) / real - 1) < 0.03, (quality, subsampling)


def test_sample_bands_spread_from_top_to_bottom():
    tops = jpegsize._band_tops(3024)
    assert len(tops) == jpegsize.BANDS and tops == sorted(set(tops))
    assert all(top % jpegsize.BAND_ROWS == 0 for top in tops)
    assert tops[0] < 3024 / jpegsize.BANDS and tops[-1] > 3024 * (1 - 1 / jpegsize.BANDS) - 2 * jpegsize.BAND_ROWS
    assert tops[-1] + jpegsize.BAND_ROWS <= 3024
    assert jpegsize.sample(Image.new("RGB", (40, 20))).height == jpegsize.BAND_ROWS  # tiny: one band


def _window_needing_pixels(img: Image.Image) -> tuple[int, int]:
    high = _whole(img, jpeg.MIN_QUALITY) // 2  # even quality 70 is twice too big: it must shrink
    return int(high * 0.78), high


def test_a_large_photo_is_encoded_whole_once_or_twice_at_the_largest_quality(big: Image.Image):
    low, high = _window_needing_pixels(big)
    fitted = jpeg.jpeg_within(big, low, high)
    assert fitted.data is not None and low <= len(fitted.data) <= high
    assert fitted.scale < 1 and fitted.quality is not None and fitted.quality >= jpeg.MIN_QUALITY
    assert fitted.encodes <= 2
    shrunk = jpeg.resized(big, fitted.scale)
    assert shrunk.size == fitted.size
    assert _whole(shrunk, fitted.quality + 1) > high  # no higher quality fits at that scale


@pytest.mark.parametrize("bias", [0.8, 1.25])
def test_a_wrong_estimate_costs_encodes_not_the_window(big: Image.Image, monkeypatch, bias: float):
    true_size = jpegsize.SampledSizes.__call__
    monkeypatch.setattr(
        jpegsize.SampledSizes, "__call__", lambda self, q, v: round(true_size(self, q, v) * bias)
    )
    low, high = _window_needing_pixels(big)
    fitted = jpeg.jpeg_within(big, low, high)
    assert fitted.data is not None and low <= len(fitted.data) <= high
    assert fitted.quality is not None and fitted.quality >= jpeg.MIN_QUALITY
    with Image.open(io.BytesIO(fitted.data)) as out:
        assert out.size == fitted.size
    assert _whole(jpeg.resized(big, fitted.scale), fitted.quality + 1) > high


def test_a_photo_too_smooth_for_the_window_is_judged_on_whole_encodes(monkeypatch):
    flat = Image.linear_gradient("L").resize((1800, 1200)).convert("RGB")
    # Estimates that flatter (ten times the bytes) must not make a photo fit that cannot.
    true_size = jpegsize.SampledSizes.__call__
    monkeypatch.setattr(jpegsize.SampledSizes, "__call__", lambda self, q, v: true_size(self, q, v) * 10)
    top = _whole(flat, jpeg.MAX_QUALITY, 0)
    fitted = jpeg.jpeg_within(flat, top * 3, top * 4)
    assert fitted.data is None and fitted.top_size is not None and fitted.top_size < top * 3


def _unhinted(sizes: dict[int, int], high: int) -> tuple[int, int] | None:
    return jpeg._largest_within(sizes.__getitem__, high, {}, jpeg.MIN_QUALITY, jpeg.USUAL_QUALITY)


def test_a_hint_changes_the_encodes_not_the_answer():
    sizes = {q: round(1000 * 1.06**q) for q in range(jpeg.MIN_QUALITY, jpeg.MAX_QUALITY + 1)}
    for high in (sizes[70] - 1, sizes[70], sizes[83] + 5, sizes[95], sizes[95] + 1):
        want = _unhinted(sizes, high)
        for hint in range(jpeg.MIN_QUALITY, jpeg.USUAL_QUALITY + 1):
            probed: list[int] = []

            def size(q: int, probed: list[int] = probed) -> int:
                probed.append(q)
                return sizes[q]

            got = jpeg._largest_within(size, high, {}, jpeg.MIN_QUALITY, jpeg.USUAL_QUALITY, hint)
            assert got == want, (high, hint)
            if want is not None and abs(want[0] - hint) <= 1:
                assert len(probed) <= 3  # a good hint costs at most the hint and its neighbours


def test_calibrated_estimates_spare_the_encode_above_a_fit():
    sizes = {q: round(1000 * 1.06**q) for q in range(jpeg.MIN_QUALITY, jpeg.MAX_QUALITY + 1)}
    estimates = {q: round(s * 1.02) for q, s in sizes.items()}  # the sample overstates by 2 %
    probed: list[int] = []

    def size(q: int) -> int:
        probed.append(q)
        return sizes[q]

    got = jpeg._largest_within(size, sizes[85] + 1, {}, 70, 95, hint=85, estimates=estimates)
    assert got == (85, sizes[85]) and probed == [85]


@pytest.mark.parametrize("window", ["shrink", "quality", "chroma"])
def test_the_planned_fit_is_the_one_whole_encodes_alone_find(big: Image.Image, monkeypatch, window: str):
    q70, q95 = _whole(big, 70), _whole(big, 95)
    low, high = {
        "shrink": (q70 // 3, q70 // 2),  # fewer pixels
        "quality": (int(q95 * 0.6), int(q95 * 0.8)),  # a quality below 95, unscaled
        "chroma": (q95 + 1000, int(q95 * 1.4)),  # more chroma than 4:2:0
    }[window]
    planned = jpeg.jpeg_within(big, low, high)
    monkeypatch.setattr(jpeg, "worth_sampling", lambda img: False)  # the search on whole encodes only
    alone = jpeg.jpeg_within(big, low, high)
    for fit in (planned, alone):
        assert fit.data is not None and low <= len(fit.data) <= high
    assert (planned.quality, planned.subsampling) == (alone.quality, alone.subsampling)
    assert abs(planned.scale - alone.scale) < 0.01 * alone.scale
    assert planned.encodes <= alone.encodes
