/** JMH benchmarks of the ART trajectory stores: H2 against one JSON file per trajectory. */
package dev.rustagent.bench.art;
