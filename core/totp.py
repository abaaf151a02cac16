import base64

import segno


def qr_svg(data: str) -> str:
    """An inline SVG QR code (for the authenticator app set-up)."""
    return segno.make(data, error="m").svg_inline(scale=5, dark="#111", light="#fff")


def base32_secret(bin_key: bytes) -> str:
    return base64.b32encode(bin_key).decode().rstrip("=")
