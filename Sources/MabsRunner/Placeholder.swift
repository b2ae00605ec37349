// Placeholder until the MabsRunner target lands.
