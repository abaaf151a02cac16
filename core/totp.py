import base64

import segno


def qr_data_uri(data: str) -> str:
    """A PNG data URI of the QR code the authenticator app scans (no request to any server)."""
    return segno.make(data, error="m").png_data_uri(scale=5, border=4)


def base32_secret(bin_key: bytes) -> str:
    return base64.b32encode(bin_key).decode().rstrip("=")
