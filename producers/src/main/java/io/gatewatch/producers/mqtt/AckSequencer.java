package io.gatewatch.producers.mqtt;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Decides which arriving MQTT messages to process and when to acknowledge them, for a client in
 * manual-ack mode whose work (a Kafka produce) completes out of order.
 *
 * <ul>
 *   <li><b>In order</b>: PUBACKs go out in the order the PUBLISHes arrived (MQTT 3.1.1 §4.6): a
 *       finished message waits for every earlier one.</li>
 *   <li><b>Only on the connection that delivered it</b>: each connection is an epoch; a ticket from
 *       an older epoch is never acknowledged, because after a reconnect the broker redelivers it
 *       and its packet id may by then name a different message.</li>
 *   <li><b>No double acks</b>: a redelivery (DUP) of a packet id still in hand, or already
 *       acknowledged on this connection, is not processed again, so a second PUBACK can never
 *       acknowledge a newer message that reused the id before it reached Kafka.</li>
 * </ul>
 * QoS 0 messages need no ack and are always admitted. Because acks leave in order, one message
 * that is never completed stalls every later one: its owner must complete every ticket, whether
 * the message was produced or rejected. {@link #oldestUnacknowledgedNanos} shows a stall.
 * Thread-safe; acks are sent under the lock so they leave in order.
 */
final class AckSequencer {
    private static final int PACKET_IDS = 65_536;

    /** Sends one PUBACK (or PUBCOMP for QoS 2). */
    @FunctionalInterface
    interface AckSender {
        void ack(int messageId, int qos);
    }

    /** A message admitted for processing, on connection epoch {@code epoch}. */
    static final class Ticket {
        final long epoch;
        final int messageId;
        final int qos;
        final long admittedNanos;
        private boolean done;

        private Ticket(long epoch, int messageId, int qos, long admittedNanos) {
            this.epoch = epoch;
            this.messageId = messageId;
            this.qos = qos;
            this.admittedNanos = admittedNanos;
        }
    }

    private final AckSender sender;
    private final LongSupplier nanoTime;
    private final ArrayDeque<Ticket> arrivalOrder = new ArrayDeque<>();
    private final Map<Integer, Ticket> inHand = new HashMap<>();
    private final BitSet ackedThisEpoch = new BitSet(PACKET_IDS);
    private long epoch;

    AckSequencer(AckSender sender) {
        this(sender, System::nanoTime);
    }

    AckSequencer(AckSender sender, LongSupplier nanoTime) {
        this.sender = sender;
        this.nanoTime = nanoTime;
    }

    /** A ticket when the message should be processed, empty when it is a redelivery already handled or in hand. */
    synchronized Optional<Ticket> admit(int messageId, int qos, boolean duplicate) {
        if (qos == 0) {
            return Optional.of(new Ticket(epoch, messageId, 0, nanoTime.getAsLong()));
        }
        if (inHand.containsKey(messageId)) {
            return Optional.empty();
        }
        if (duplicate && ackedThisEpoch.get(messageId)) {
            return Optional.empty();
        }
        ackedThisEpoch.clear(messageId);
        Ticket ticket = new Ticket(epoch, messageId, qos, nanoTime.getAsLong());
        arrivalOrder.addLast(ticket);
        inHand.put(messageId, ticket);
        return Optional.of(ticket);
    }

    /** The ticket's work is done (the message is on Kafka): acknowledge it and any finished successors, in order. */
    synchronized void complete(Ticket ticket) {
        if (ticket.qos == 0 || ticket.epoch != epoch || inHand.get(ticket.messageId) != ticket) {
            return;
        }
        ticket.done = true;
        while (!arrivalOrder.isEmpty() && arrivalOrder.peekFirst().done) {
            Ticket head = arrivalOrder.pollFirst();
            inHand.remove(head.messageId);
            ackedThisEpoch.set(head.messageId);
            sender.ack(head.messageId, head.qos);
        }
    }

    /** The connection was lost: nothing admitted so far will be acknowledged. */
    synchronized void newEpoch() {
        epoch++;
        arrivalOrder.clear();
        inHand.clear();
        ackedThisEpoch.clear();
    }

    synchronized boolean isCurrent(Ticket ticket) {
        return ticket.epoch == epoch;
    }

    /**
     * How long the oldest message admitted on this connection has waited for its acknowledgement,
     * in nanoseconds; 0 when none waits.
     */
    synchronized long oldestUnacknowledgedNanos() {
        Ticket oldest = arrivalOrder.peekFirst();
        return oldest == null ? 0 : Math.max(0, nanoTime.getAsLong() - oldest.admittedNanos);
    }

    /** Messages admitted on the current connection and not yet acknowledged. */
    synchronized int unacknowledged() {
        return arrivalOrder.size();
    }
}
