/// The seed's state/operation table, transcribed once.
///
/// Each row lists the states the seed groups together and, for the nine
/// columns in the seed's order, whether the operation is allowed (`ok`) or
/// not (`__`). Compare it with the seed cell by cell; nothing else in the
/// project restates these facts.
enum SeedTable {
    private static let ok = true
    private static let __ = false

    // swift-format-ignore
    static let rows: [(states: [ServiceState], allowed: [Bool])] = [
        //                                                   start stop restart suspend resume delete scale update backup
        ([.active],                                          [__,   ok,  ok,     ok,     __,    ok,    ok,   ok,    ok]),
        ([.disabled],                                        [__,   __,  __,     __,     __,    ok,    __,   __,    __]),
        ([.suspended],                                       [__,   __,  __,     __,     ok,    ok,    __,   __,    ok]),
        ([.stopped],                                         [ok,   __,  ok,     __,     __,    ok,    __,   __,    ok]),
        ([.serviceUpdateFailed],                             [__,   __,  __,     __,     __,    ok,    __,   __,    __]),
        ([.disableFailed],                                   [__,   __,  __,     __,     __,    ok,    __,   __,    __]),
        ([.enableFailed],                                    [__,   __,  __,     __,     __,    ok,    __,   __,    __]),
        ([.startFailed, .stopFailed, .restartFailed],        [ok,   ok,  ok,     __,     __,    ok,    __,   ok,    __]),
        ([.suspendedFailed, .resumeFailed],                  [__,   __,  __,     ok,     ok,    ok,    __,   __,    __]),
        ([.createdFailed, .restoreFailed],                   [__,   __,  __,     __,     __,    ok,    __,   __,    __]),
        ([.configUpdateFailed],                              [__,   __,  ok,     __,     __,    ok,    __,   ok,    __]),
        ([.scaleFailed],                                     [__,   __,  __,     __,     __,    ok,    ok,   __,    __]),
    ]
}
