using System.Runtime.CompilerServices;

namespace VectorNN.Kernels.Ops;

/// <summary>
/// <see cref="IDoubleVector{TVector}"/> for a single double: the scalar path runs the same algorithm as the vector
/// paths, so results do not depend on the vector width. Masks are all-ones (NaN) or all-zeros (+0) bit patterns.
/// </summary>
internal readonly struct DoubleScalar : IDoubleVector<double>
{
    private static readonly double AllOnes = BitConverter.Int64BitsToDouble(-1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Broadcast(double value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Add(double a, double b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Subtract(double a, double b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Multiply(double a, double b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Divide(double a, double b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MultiplyAdd(double a, double b, double c) => FusedMultiplyAdd.Invoke(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Clamp(double x, double min, double max) => x < min ? min : x > max ? max : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Abs(double x) => Math.Abs(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double CopySign(double value, double sign) => Math.CopySign(value, sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LessThan(double a, double b) => a < b ? AllOnes : 0.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double IsNaN(double x) => double.IsNaN(x) ? AllOnes : 0.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Select(double mask, double ifTrue, double ifFalse) =>
        BitConverter.DoubleToInt64Bits(mask) != 0 ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ShiftIntoExponent(double x) =>
        BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) << 52);
}
