/// What a service or a backup holds, laid side by side with another's:
/// `compare A with B` and `differences(A, B)`. A backup is what its service
/// was; comparing it with the service, or with a copy restored from it,
/// shows what changed since and what a restore did not bring back.
public struct Holding: Sendable, Hashable {
    public let name: String
    /// Services only: a backup has no state, batch or schedule, so those
    /// are compared only between two services.
    let state: ServiceState?
    let edition: Edition
    let units: Int
    let productVersion: ProductVersion
    let region: String
    let settings: Settings
    let contents: Contents
    let controlNumber: Int
    let micValues: Int
    let batch: Int?
    let schedule: String?

    /// What a service holds now.
    public init(_ service: Service, in engine: Engine) {
        name = service.name
        state = service.state
        edition = service.edition
        units = service.units
        productVersion = service.productVersion
        region = service.region
        settings = service.settings
        contents = service.contents
        controlNumber = service.controlNumber
        micValues = service.micValues
        batch = service.activeBatch
        schedule = engine.schedule(of: service.name).map(\.summary) ?? "none"
    }

    /// What a backup holds.
    public init(_ backup: Backup) {
        name = backup.name
        state = nil
        edition = backup.edition
        units = backup.units
        productVersion = backup.productVersion
        region = backup.region
        settings = backup.settings
        contents = backup.contents
        controlNumber = backup.controlNumber
        micValues = backup.micValues
        batch = nil
        schedule = nil
    }

    /// Every way `self` and `other` differ, in the order of the backup
    /// article's list; empty when they hold the same. A secret setting's
    /// values are never given, only whether each side has one and whether
    /// they are the same.
    public func differences(from other: Holding) -> [Difference] {
        var result: [Difference] = []
        func value(_ aspect: Difference.Aspect, _ mine: String?, _ theirs: String?) {
            if mine != theirs { result.append(.value(aspect, mine, theirs)) }
        }
        if let mine = state, let theirs = other.state { value(.state, mine.displayName, theirs.displayName) }
        value(.edition, edition.displayName, other.edition.displayName)
        value(.units, String(units), String(other.units))
        value(.version, productVersion.text, other.productVersion.text)
        value(.region, region, other.region)
        for key in SettingKey.allCases where settings[key] != other.settings[key] {
            result.append(key.isSecret
                ? .secret(key, first: settings[key] != nil, second: other.settings[key] != nil)
                : .value(.setting(key), settings[key], other.settings[key]))
        }
        for kind in ContentKind.allCases {
            let mine = Set(contents.items(kind)), theirs = Set(other.contents.items(kind))
            guard mine != theirs else { continue }
            result.append(.items(
                kind,
                onlyInFirst: contents.items(kind).filter { !theirs.contains($0) },
                onlyInSecond: other.contents.items(kind).filter { !mine.contains($0) }))
        }
        value(.controlNumber, String(controlNumber), String(other.controlNumber))
        value(.micValues, String(micValues), String(other.micValues))
        if let mine = batch, let theirs = other.batch { value(.batch, String(mine), String(theirs)) }
        if let mine = schedule, let theirs = other.schedule { value(.schedule, mine, theirs) }
        return result
    }
}

/// One way two holdings differ.
public enum Difference: Sendable, Hashable {
    /// What differs, as `compare` names it.
    public enum Aspect: Sendable, Hashable {
        case state, edition, units, version, region
        case setting(SettingKey)
        case contents(ContentKind)
        case controlNumber, micValues, batch, schedule
    }

    /// A value that differs: each side's, nil where it has none.
    case value(Aspect, String?, String?)
    /// A secret setting that differs: whether each side has one. Its
    /// values are never given.
    case secret(SettingKey, first: Bool, second: Bool)
    /// Items of one kind that only one side holds (an agreement reading
    /// another folder is one on each side).
    case items(ContentKind, onlyInFirst: [ContentItem], onlyInSecond: [ContentItem])

    public var aspect: Aspect {
        switch self {
        case .value(let aspect, _, _): aspect
        case .secret(let key, _, _): .setting(key)
        case .items(let kind, _, _): .contents(kind)
        }
    }
}

extension BackupSchedule {
    /// The schedule in words, without its next due time: what two
    /// services' schedules share when they are the same.
    public var summary: String {
        "every \(frequency), retain \(retention)" + (keepOne ? ", keep one" : "")
    }
}
