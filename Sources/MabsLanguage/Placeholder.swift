// Placeholder until the MabsLanguage target lands.
