extension Session {
    /// How many of the log's last entries `log` shows unless told `all` or
    /// `last N`: a screenful, so the prompt is not flooded.
    public static let logShown = 20
}
