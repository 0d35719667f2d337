/// Go's `time.Duration.String()`: `646.149µs`, `1.534883ms`, `2.1s`, `7m32.001394588s`, `1h0m0s`.
func appendGoDuration(_ nanoseconds: Int64, to buffer: ByteBuffer) {
    var ns = nanoseconds
    if ns < 0 {
        buffer.append(UInt8(ascii: "-"))
        ns = -ns
    }
    if ns == 0 {
        buffer.append(UInt8(ascii: "0"))
        buffer.append(UInt8(ascii: "s"))
        return
    }
    if ns < 1_000 {
        buffer.appendDecimal(Int(ns))
        buffer.append(UInt8(ascii: "n"))
        buffer.append(UInt8(ascii: "s"))
    } else if ns < 1_000_000 {
        appendFraction(ns, unit: 1_000, digits: 3, to: buffer)
        buffer.append(0xC2)  // µ, U+00B5, as Go writes it
        buffer.append(0xB5)
        buffer.append(UInt8(ascii: "s"))
    } else if ns < 1_000_000_000 {
        appendFraction(ns, unit: 1_000_000, digits: 6, to: buffer)
        buffer.append(UInt8(ascii: "m"))
        buffer.append(UInt8(ascii: "s"))
    } else {
        let totalSeconds = ns / 1_000_000_000
        let hours = totalSeconds / 3600
        let minutes = totalSeconds / 60 % 60
        if hours > 0 {
            buffer.appendDecimal(Int(hours))
            buffer.append(UInt8(ascii: "h"))
        }
        if hours > 0 || minutes > 0 {
            buffer.appendDecimal(Int(minutes))
            buffer.append(UInt8(ascii: "m"))
        }
        appendFraction(ns % 60_000_000_000, unit: 1_000_000_000, digits: 9, to: buffer)
        buffer.append(UInt8(ascii: "s"))
    }
}

/// `value / unit` with up to `digits` fraction digits, trailing zeros (and a bare dot) dropped.
private func appendFraction(_ value: Int64, unit: Int64, digits: Int, to buffer: ByteBuffer) {
    buffer.appendDecimal(Int(value / unit))
    var fraction = Int(value % unit)
    guard fraction > 0 else { return }
    var width = digits
    while fraction % 10 == 0 {
        fraction /= 10
        width -= 1
    }
    buffer.append(UInt8(ascii: "."))
    buffer.appendZeroPadded(fraction, digits: width)
}

func goDuration(_ nanoseconds: Int64) -> String {
    let buffer = ByteBuffer(capacity: 32)
    appendGoDuration(nanoseconds, to: buffer)
    return buffer.text
}
