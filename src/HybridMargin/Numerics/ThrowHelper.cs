using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace HybridMargin.Numerics;

/// <summary>Throws out of line so the callers' fast paths stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [StackTraceHidden]
    public static void ThrowLengthMismatch() => throw new ArgumentException("vector lengths differ");

    [DoesNotReturn]
    [StackTraceHidden]
    public static void ThrowArgumentOutOfRange(string name, string message) => throw new ArgumentOutOfRangeException(name, message);

    [DoesNotReturn]
    [StackTraceHidden]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);
}
