extension MessageBuffer {
    /// Appends `magnitude` in decimal, after a `-` when `negative`
    /// (``DecimalFormatter/appendInteger(_:negative:into:)``).
    ///
    /// The entry point for interpolations at call sites is a method of the buffer, not a static method of
    /// ``DecimalFormatter``: a static method's unused metatype makes its exported symbol a thunk around a
    /// copy without it, an extra call on every interpolated value.
    @usableFromInline
    func appendInteger(_ magnitude: UInt64, negative: Bool) {
        DecimalFormatter.appendInteger(magnitude, negative: negative, into: self)
    }
}
