// Placeholder until the Lifecycle target lands.
