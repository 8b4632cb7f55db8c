package dev.kiln.gateway.live;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The live status stream (GET /v1/predictions/{id}/events) and Prefer: wait. */
@ConfigMapping(prefix = "kiln.gateway.live")
public interface LiveConfig {

    /**
     * How often an open stream gets a keep-alive comment, so that proxies and browsers keep an idle connection
     * open. Each one also reads the prediction's history, so that a change whose Kafka record this replica missed
     * still arrives within this interval.
     */
    @WithDefault("15s")
    Duration keepAlive();

    /**
     * A Kafka record about a prediction can arrive here before the replica that processes it has written the
     * change it causes: the history is read again this often, at most {@link #catchUpReads()} times, until the
     * change shows. Short, because a stream reads its signals one at a time: a signal that comes while a read waits
     * out this delay (the writing replica's own, right after the write) is served only after it; each look is one
     * {@code XRANGE}, and a change is usually written within a few tens of ms of its record.
     */
    @WithDefault("10ms")
    Duration catchUpDelay();

    @WithDefault("300")
    int catchUpReads();

    /** The longest {@code Prefer: wait=N} a submit may ask for (Replicate's is 60 s). */
    @WithDefault("60")
    int maxWaitSeconds();
}
