package dev.driftwatch.web;

/**
 * A request the web view refuses because of what it asked (a parameter, a window too long): a 400 with this
 * one line. Any other failure while a page is built is the server's (a 503), never blamed on the URL.
 */
public final class BadRequest extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String message) {
        super(message);
    }
}
