/// What a backup keeps and what it leaves out, transcribed once from the
/// backup-and-restore seed article. Nothing else restates these lists.
enum BackupTable {
    /// The portal contents a backup keeps (seed: "Configuration and
    /// Runtime"). Hybrid connections are not among them (seed: "NOT backed
    /// up, regardless of the Edition").
    static let keptContents: [ContentKind] = [
        .partner, .profile, .agreement, .bridge, .assembly, .certificate,
        .transform, .pipeline, .template, .x12Mapping,
    ]

    /// The settings a backup keeps (seed: "SSL Certificate" and "BizTalk
    /// Service Settings"): every setting the model has.
    static let keptSettings: [SettingKey] = SettingKey.allCases

    /// Besides contents and settings, a backup keeps the EDI control
    /// numbers and the AS2 message MIC values, the scale unit count, the
    /// edition, the product version and the region.
    /// It never keeps messages active in a batch (they are lost) nor the
    /// tracking database's contents (seed).
}

/// What a backup does not hold, for `show backup` and the warnings.
public enum NotBackedUp: Sendable, Hashable, CaseIterable {
    case hybridConnections
    case activeBatchMessages
    case trackingDatabaseContents
}
