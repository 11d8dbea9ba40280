package dev.rustagent.server;

import dev.rustagent.art.ArtPlugin;
import dev.rustagent.core.AgentResult.ModelPricing;
import dev.rustagent.memory.AgentMemory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import dev.rustagent.server.AgentServer.AgentFactory;

/** The settings an {@link AgentServer.Builder} collected. */
record ServerSettings(AgentFactory factory, String host, int port, String token, Path dataDir, AgentMemory memory, ArtPlugin art,
    int maxBodyBytes, int maxQueuedRuns, int maxConcurrentReadOnlyRuns, Duration approvalTimeout,
    Duration heartbeat, Duration stopTimeout, int maxSessions, Set<String> allowedOrigins,
    List<AutoCloseable> closeOnStop, ModelPricing pricing, Duration tokenBatchDelay) {}
