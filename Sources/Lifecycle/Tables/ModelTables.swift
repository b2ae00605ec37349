// The model's tables: what each operation and platform event does, where
// the platform events may come from, and what each edition allows. Each
// is transcribed once from /work/shared/DOMAIN.md, one row per operation,
// event or edition, so it can be read beside that page; `Rules` and
// `Edition` derive everything from these rows.

/// What each operation does to the service's state when it runs, on
/// success and on failure (DOMAIN.md, "What each operation does").
/// `.keeps(recovering: X)` is "state unchanged, except X becomes Active".
/// Create and restore make a new service: their effects are the state it
/// starts in.
enum OperationTable {
    typealias Row = (operation: Operation, onSuccess: Rules.Effect, onFailure: Rules.Effect)

    // swift-format-ignore
    static let rows: [Row] = [
        //  operation             on success                                on failure
        (.create,                .becomes(.active),                        .becomes(.createdFailed)),
        (.start,                 .becomes(.active),                        .becomes(.startFailed)),
        (.stop,                  .becomes(.stopped),                       .becomes(.stopFailed)),
        (.restart,               .becomes(.active),                        .becomes(.restartFailed)),
        (.suspend,               .becomes(.suspended),                     .becomes(.suspendedFailed)),
        (.resume,                .becomes(.active),                        .becomes(.resumeFailed)),
        (.delete,                .removed,                                 .keeps(recovering: nil)),
        (.scale,                 .becomes(.active),                        .becomes(.scaleFailed)),
        (.updateConfiguration,   .keeps(recovering: .configUpdateFailed),  .becomes(.configUpdateFailed)),
        (.backup,                .keeps(recovering: nil),                  .keeps(recovering: nil)),
        (.restore,               .becomes(.suspended),                     .becomes(.restoreFailed)),
    ]
}

/// The platform events: where each may come from, and what it does
/// (DOMAIN.md, "Platform events"). An event outside its "allowed from"
/// states is refused like a user operation.
enum PlatformEventTable {
    typealias Row = (event: Operation, allowedFrom: [ServiceState], onSuccess: Rules.Effect, onFailure: Rules.Effect)

    // swift-format-ignore
    static let rows: [Row] = [
        //  event           allowed from                                            on success                                on failure
        (.disable,         [.active, .suspended, .stopped, .disableFailed],        .becomes(.disabled),                      .becomes(.disableFailed)),
        (.enable,          [.disabled, .enableFailed],                             .becomes(.active),                        .becomes(.enableFailed)),
        (.serviceUpdate,   [.active, .suspended, .stopped, .serviceUpdateFailed],  .keeps(recovering: .serviceUpdateFailed), .becomes(.serviceUpdateFailed)),
    ]
}

/// The editions, in order, with what one scale unit may hold (DOMAIN.md,
/// "Editions"; public: the editions feature chart, except that Developer
/// cannot back up, a model decision).
enum EditionTable {
    typealias Row = (
        edition: Edition, units: ClosedRange<Int>,
        bridges: Int, agreements: Int, hybridConnections: Int, backup: Bool
    )

    private static let ok = true
    private static let __ = false

    // swift-format-ignore
    static let rows: [Row] = [
        //                          per unit:
        //  edition      units     EAI bridges  agreements  hybrid connections  backup and restore
        (.developer,    1...1,    25,          10,         5,                  __),
        (.basic,        1...8,    25,          50,         10,                 ok),
        (.standard,     1...8,    125,         250,        50,                 ok),
        (.premium,      1...8,    500,         1000,       100,                ok),
    ]

    /// The row for `edition`.
    static func row(for edition: Edition) -> Row { byEdition[Int(edition.rawValue)] }

    private static let byEdition: [Row] = {
        precondition(rows.map(\.edition) == Edition.allCases, "one edition row per edition, in order")
        return rows
    }()
}
