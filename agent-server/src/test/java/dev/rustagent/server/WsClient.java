package dev.rustagent.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket test client: collects the server's messages, each checked against the OpenAPI document. */
final class WsClient implements AutoCloseable {
  private final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
  private final WebSocket socket;

  private WsClient(WebSocket.Builder builder, URI uri) {
    this.socket = builder.buildAsync(uri, new Listener()).join();
  }

  /** Connects to {@code /ws} with the token as a query parameter. */
  static WsClient connect(AgentServer server) {
    return connect(server, server.token(), null);
  }

  static WsClient connect(AgentServer server, String token, String origin) {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (origin != null) {
      builder.header("Origin", origin);
    }
    URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws" + (token == null ? "" : "?token=" + token));
    return new WsClient(builder, uri);
  }

  void send(String json) {
    assertThat(OpenApiContract.get().wsClientMessageErrors(json)).as("client message %s is documented", json)
        .isEmpty();
    sendRaw(json);
  }

  void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  /** The next message of {@code type} (others are kept in {@link #seen()}); fails after 30 s. */
  JsonNode next(String type) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      synchronized (this) {
        assertThat(violations).as("server messages match the OpenAPI document").isEmpty();
      }
      long left = deadline - System.nanoTime();
      JsonNode message;
      try {
        message = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (message == null) {
        throw new AssertionError("no '" + type + "' message within 30 s; seen: " + seen());
      }
      if (type.equals(message.path("type").asText())) {
        return message;
      }
    }
  }

  synchronized List<JsonNode> seen() {
    return List.copyOf(seen);
  }

  synchronized List<String> seenTypes() {
    return seen.stream().map(m -> m.path("type").asText()).toList();
  }

  /** How many WebSocket ping frames the server sent. */
  int pings() {
    return pings.get();
  }

  /** The status code of the server's close frame; fails when the socket is not closed within 30 s. */
  int closeCode() {
    try {
      return closed.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the server did not close the socket within 30 s", e);
    }
  }

  /** Drops the connection without a closing handshake, as a vanished client would. */
  void vanish() {
    socket.abort();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        List<String> errors = OpenApiContract.get().wsMessageErrors(text);
        if (!errors.isEmpty()) {
          synchronized (WsClient.this) {
            violations.add(text + " " + errors);
          }
        }
        try {
          JsonNode message = OpenApiContract.MAPPER.readTree(text);
          synchronized (WsClient.this) {
            seen.add(message);
          }
          inbox.add(message);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
      pings.incrementAndGet();
      return WebSocket.Listener.super.onPing(webSocket, message);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
