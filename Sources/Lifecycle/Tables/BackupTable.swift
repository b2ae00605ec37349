/// What a backup keeps and what it leaves out, transcribed once from the
/// backup-and-restore seed article. Nothing else restates these lists:
/// the engine's backups and `help backups` both read them.
public enum BackupTable {
    /// The portal contents a backup keeps (seed: "Configuration and
    /// Runtime"). Hybrid connections are not among them (seed: "NOT backed
    /// up, regardless of the Edition").
    public static let keptContents: [ContentKind] = [
        .partner, .profile, .agreement, .bridge, .assembly, .certificate,
        .transform, .pipeline, .template, .x12Mapping,
    ]

    /// The settings a backup keeps (seed: "SSL Certificate" and "BizTalk
    /// Service Settings"): every setting the model has.
    public static let keptSettings: [SettingKey] = SettingKey.allCases

    /// Besides contents and settings, what a backup keeps of the service
    /// (seed: the scale unit count, edition, product version and region;
    /// the EDI control numbers and the AS2 message MIC values).
    public static let keptProperties: [BackedUpProperty] = [
        .units, .edition, .productVersion, .region, .controlNumbers, .micValues,
    ]

    /// What a backup never keeps (seed): hybrid connections, messages
    /// active in a batch (they are lost), the tracking database's contents.
    public static let notKept: [NotBackedUp] = NotBackedUp.allCases
}

/// A property of the service a backup keeps, besides its contents and
/// settings (`BackupTable.keptProperties`).
public enum BackedUpProperty: Sendable, Hashable, CaseIterable {
    case units
    case edition
    case productVersion
    case region
    case controlNumbers
    case micValues
}

/// What a backup does not hold, for `show backup` and the warnings.
public enum NotBackedUp: Sendable, Hashable, CaseIterable {
    case hybridConnections
    case activeBatchMessages
    case trackingDatabaseContents
}
