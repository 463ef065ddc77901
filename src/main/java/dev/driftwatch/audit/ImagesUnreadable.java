package dev.driftwatch.audit;

/** A record's stored images cannot be read whole: a part is gone (TTL deletes each row on its own) or is malformed. */
public final class ImagesUnreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ImagesUnreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
