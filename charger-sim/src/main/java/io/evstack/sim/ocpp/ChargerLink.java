package io.evstack.sim.ocpp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One charger's connection to the CSMS, kept up from {@link #start()} to {@link #stop()}: connects,
 * reconnects with {@link Backoff exponential back-off and jitter} after a failure or a drop, and carries
 * the {@link RpcSession} of the socket currently open. Pinned to one event loop, which also runs the
 * charger's own timers, so none of this state needs a lock; the public methods hop onto that loop.
 */
public final class ChargerLink {
    private static final Logger log = LoggerFactory.getLogger(ChargerLink.class);

    private enum State { STOPPED, CONNECTING, OPEN, WAITING }

    private volatile ChargerEndpoint endpoint;
    private final EventLoop loop;
    private final OcppClientGroup group;
    private final CallHandler handler;
    private final LinkListener listener;
    private final LinkMetrics metrics;
    private final MessageIds ids = new MessageIds();
    private final SplittableRandom random;
    private final LinkEvents events = new Events();

    private State state = State.STOPPED;
    private boolean wanted;
    private Channel channel;
    private RpcSession session;
    private Throwable lastFailure;
    private int failures;
    private ScheduledFuture<?> retry;
    private volatile boolean open;

    ChargerLink(ChargerEndpoint endpoint, EventLoop loop, OcppClientGroup group, CallHandler handler,
            LinkListener listener, LinkMetrics metrics) {
        this.endpoint = endpoint;
        this.loop = loop;
        this.group = group;
        this.handler = handler;
        this.listener = listener;
        this.metrics = metrics;
        this.random = new SplittableRandom(endpoint.chargerId().hashCode() ^ System.nanoTime());
    }

    public ChargerEndpoint endpoint() {
        return endpoint;
    }

    /**
     * A new HTTP Basic password (ChangeConfiguration of AuthorizationKey), used from the next connection
     * on; the socket open now stays as it is.
     */
    public void changePassword(String password) {
        onLoop(() -> endpoint = endpoint.withPassword(password));
    }

    /** The event loop this link (and the charger using it) runs on. */
    public EventLoop loop() {
        return loop;
    }

    public boolean isOpen() {
        return open;
    }

    /** Connects, and keeps reconnecting after failures and drops until {@link #stop()}. */
    public void start() {
        onLoop(() -> {
            wanted = true;
            if (state == State.STOPPED) {
                connect();
            }
        });
    }

    /** Closes the socket for good (until the next {@link #start()}). */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            wanted = false;
            cancelRetry();
            if (channel != null) {
                channel.close().addListener(f -> done.complete(null));
            } else {
                state = State.STOPPED;
                done.complete(null);
            }
        });
        return done;
    }

    /** Drops the socket as a network failure would; the link reconnects after its back-off. */
    public void drop() {
        onLoop(() -> {
            if (channel != null) {
                channel.close();
            }
        });
    }

    /**
     * Sends a CALL and completes with the CSMS's response, deserialized as {@code responseType}, on this
     * link's event loop. Fails with {@link NotConnectedException}, {@link ConnectionLostException},
     * {@link CallTimeoutException} or {@link CallErrorException}.
     */
    public <R> CompletableFuture<R> call(String action, Object request, Class<R> responseType) {
        CompletableFuture<R> result = new CompletableFuture<>();
        onLoop(() -> {
            if (session == null) {
                result.completeExceptionally(new NotConnectedException(endpoint.chargerId()));
                return;
            }
            session.call(action, request, responseType).whenComplete((r, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(responseType.cast(r));
                }
            });
        });
        return result;
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private void connect() {
        retry = null;
        state = State.CONNECTING;
        lastFailure = null;
        ClientOptions options = group.options();
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ClientChannelInitializer(endpoint, options, group.sslContext(endpoint),
                        !options.trust().trustAll(), events))
                .connect(endpoint.host(), endpoint.port());
        channel = connecting.channel();
        Channel ch = channel;
        ch.closeFuture().addListener(f -> channelClosed(ch));
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                lastFailure = f.cause();
                ch.close();
            }
        });
    }

    private void channelClosed(Channel ch) {
        if (ch != channel) {
            return;
        }
        boolean wasOpen = state == State.OPEN;
        channel = null;
        open = false;
        if (session != null) {
            session.closed();
            session = null;
        }
        if (wasOpen) {
            metrics.disconnected();
            failures = 0;
            log.debug("{} disconnected", endpoint.chargerId());
            listener.closed();
        } else {
            failures++;
            metrics.connectFailed();
        }
        if (!wanted) {
            state = State.STOPPED;
            return;
        }
        state = State.WAITING;
        Duration delay = group.options().backoff().delay(failures, random);
        if (!wasOpen) {
            Throwable cause = lastFailure != null ? lastFailure : new IllegalStateException("closed during the handshake");
            log.debug("{}: connection attempt {} failed ({}); next in {} ms", endpoint.chargerId(), failures, cause,
                    delay.toMillis());
            listener.connectFailed(failures, cause, delay);
        }
        retry = loop.schedule(() -> {
            if (wanted && state == State.WAITING) {
                connect();
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private final class Events implements LinkEvents {
        @Override
        public void handshakeComplete(Channel ch, String subprotocol) {
            if (ch != channel) {
                return;
            }
            if (!endpoint.protocol().subprotocol().equals(subprotocol)) {
                failed(ch, new IllegalStateException("server did not agree to " + endpoint.protocol()
                        + " (it chose " + subprotocol + ")"));
                return;
            }
            state = State.OPEN;
            open = true;
            failures = 0;
            session = new RpcSession(ch, endpoint.chargerId(), group.codec(), handler, group.options().callTimeout(),
                    metrics, ids);
            metrics.connected();
            log.debug("{} connected to {}", endpoint.chargerId(), endpoint.url());
            listener.opened();
        }

        @Override
        public void textReceived(Channel ch, String text) {
            if (ch == channel && session != null) {
                session.received(text);
            }
        }

        @Override
        public void failed(Channel ch, Throwable cause) {
            if (ch == channel && lastFailure == null) {
                lastFailure = cause;
            }
            log.debug("{}: {}", endpoint.chargerId(), cause.toString());
            ch.close();
        }
    }
}
