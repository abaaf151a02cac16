"""A streamed answer keeps the request's IP for the audit it writes after the middleware is done."""

from core.context import current_ip, with_request_context


def _chunks(seen: list):
    try:
        seen.append(current_ip.get())
        yield b"a"
        seen.append(current_ip.get())
        yield b"b"
    finally:
        seen.append(("end", current_ip.get()))


def _stream(seen: list):
    token = current_ip.set("10.1.2.3")
    try:
        return with_request_context(_chunks(seen))
    finally:
        current_ip.reset(token)  # the middleware is done before the server reads the stream


def test_it_restores_the_ip_while_the_stream_is_read():
    seen = []
    list(_stream(seen))
    assert seen == ["10.1.2.3", "10.1.2.3", ("end", "10.1.2.3")]


def test_it_restores_the_ip_when_the_client_goes_away():
    seen = []
    stream = _stream(seen)
    next(stream)
    stream.close()
    assert seen == ["10.1.2.3", ("end", "10.1.2.3")]


def test_it_leaves_the_context_as_it_found_it():
    list(_stream([]))
    assert current_ip.get() is None
