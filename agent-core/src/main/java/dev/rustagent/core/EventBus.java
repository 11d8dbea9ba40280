package dev.rustagent.core;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener.StreamingHandler;

/** Delivers a run's events to the listeners and the streaming handler; a throwing receiver is logged. */
final class EventBus {
  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  private final List<AgentListener> listeners;
  private final StreamingHandler handler;

  EventBus(List<AgentListener> listeners, StreamingHandler handler) {
    this.listeners = listeners;
    this.handler = handler;
  }

  void publish(AgentEvent event) {
    for (AgentListener listener : listeners) {
      try {
        listener.onEvent(event);
        dispatch(listener, event);
      } catch (RuntimeException e) {
        log.warn("listener {} failed on {}; the run goes on", listener.getClass().getName(),
            event.getClass().getSimpleName(), e);
      }
    }
    try {
      handler.onEvent(event);
    } catch (RuntimeException e) {
      log.warn("streaming handler failed on {}; the run goes on", event.getClass().getSimpleName(), e);
    }
  }

  void token(String token) {
    try {
      handler.onToken(token);
    } catch (RuntimeException e) {
      log.warn("streaming handler failed on a token; the run goes on", e);
    }
  }

  private static void dispatch(AgentListener l, AgentEvent e) {
    if (e instanceof AgentEvent.RunStarted x) {
      l.onRunStarted(x);
    } else if (e instanceof AgentEvent.ModelRequested x) {
      l.onModelRequested(x);
    } else if (e instanceof AgentEvent.ModelResponded x) {
      l.onModelResponded(x);
    } else if (e instanceof AgentEvent.ModelRetried x) {
      l.onModelRetried(x);
    } else if (e instanceof AgentEvent.ContextCompacted x) {
      l.onContextCompacted(x);
    } else if (e instanceof AgentEvent.ToolRequested x) {
      l.onToolRequested(x);
    } else if (e instanceof AgentEvent.PermissionDecided x) {
      l.onPermissionDecided(x);
    } else if (e instanceof AgentEvent.ToolFinished x) {
      l.onToolFinished(x);
    } else if (e instanceof AgentEvent.RunFinished x) {
      l.onRunFinished(x);
    }
  }
}
