package io.evstack.csms.datatransfer;

/** Handles one vendor's DataTransfer messages (OCPP 1.6 section 4.3). */
@FunctionalInterface
public interface DataTransferHandler {
    /** The answer: status is one of Accepted, Rejected, UnknownMessageId. */
    record Result(String status, String data) {
        public static Result accepted(String data) {
            return new Result("Accepted", data);
        }

        public static final Result UNKNOWN_MESSAGE_ID = new Result("UnknownMessageId", null);
    }

    Result handle(String chargePointId, String messageId, String data);
}
