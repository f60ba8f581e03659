package dev.datadump.export.reader;

/** A maildir that is not read; the message is the reason recorded in the manifest. */
public final class MaildirRejectedException extends Exception {

    public MaildirRejectedException(String reason) {
        super(reason);
    }
}
