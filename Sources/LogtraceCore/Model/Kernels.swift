/// The byte kernels (literal search, SWAR, newline index, JSON bytes) are a target of their own,
/// the only Swift code with unsafe pointers; LogtraceCore re-exports them for its clients.
@_exported import LogtraceKernels
