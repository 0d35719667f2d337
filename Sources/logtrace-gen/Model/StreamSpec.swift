/// One process's log as it lands on disk: where, in which wrapper, with which pid, rotation and background.
struct StreamSpec {
    enum Sink {
        /// A file (bare klog, journald export, kubectl output); `header` is written at its very top.
        case file(path: String, header: String?)
        /// A container's CRI logs: `<directory>/<n>.log`, starting at restart count `firstRestart`;
        /// each `.restart` event moves on to the next count.
        case containerLogs(directory: String, firstRestart: Int)
    }

    var id: String
    var sink: Sink
    var wrapper: Wrapper
    var pid: Int
    var rotation: RotationPolicy = .none
    var background: BackgroundPlan?
}

/// What a stream wrote.
struct StreamResult {
    var files: [String] = []
    var bytes = 0
    var lines = 0
}
