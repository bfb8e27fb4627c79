package io.interlock.log;

/**
 * A recorded event on its way to the decision store and the log sink, with its summary JSON
 * written once for both: the database row keeps the summary and the log line is the summary with
 * the payload fields. The two background writers each need it; whichever comes first writes it,
 * so the evaluating thread never does. Without this every event was serialised twice, and at
 * full speed the second copy cost the database writer half its CPU (bench/README).
 */
final class Recorded {

    private final DecisionEvent event;
    /** Written by a background thread; two writing it at once only write the same text twice. */
    private volatile String summary;

    Recorded(DecisionEvent event) {
        this.event = event;
    }

    DecisionEvent event() {
        return event;
    }

    /** {@link EventJson#summaryText}, written on first use. */
    String summary() {
        String text = summary;
        if (text == null) {
            text = EventJson.summaryText(event);
            summary = text;
        }
        return text;
    }

    /** {@link EventJson#line}, from the summary. */
    String line() {
        return EventJson.line(event, summary());
    }
}
