package io.evstack.ocpp.server;

import io.evstack.ocpp.rpc.RpcFormatException;

/** A text frame that did not decode, passed on so that the connection handler decides whether it can be answered. */
record MalformedFrame(RpcFormatException error) {}
