package io.evstack.sim.ocpp;

import io.netty.channel.Channel;

/** What the channel pipeline tells its {@link ChargerLink}; always on the channel's event loop. */
interface LinkEvents {
    void handshakeComplete(Channel channel, String subprotocol);

    void textReceived(Channel channel, String text);

    void failed(Channel channel, Throwable cause);
}
