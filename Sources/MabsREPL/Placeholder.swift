// Placeholder until the MabsREPL target lands.
