/** JMH benchmarks of the Rust agent SDK, each measured side by side with the peer it is compared to. */
package dev.rustagent.bench;
