package io.evstack.csms.datatransfer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Dispatches DataTransfer by vendorId; an unknown vendor gets UnknownVendorId, as section 4.3 says. */
public final class DataTransferRouter {
    private final Map<String, DataTransferHandler> handlers = new ConcurrentHashMap<>();

    public DataTransferRouter register(String vendorId, DataTransferHandler handler) {
        handlers.put(vendorId, handler);
        return this;
    }

    public DataTransferHandler.Result route(String chargePointId, String vendorId, String messageId, String data) {
        DataTransferHandler handler = handlers.get(vendorId);
        if (handler == null) {
            return new DataTransferHandler.Result("UnknownVendorId", null);
        }
        return handler.handle(chargePointId, messageId, data);
    }
}
