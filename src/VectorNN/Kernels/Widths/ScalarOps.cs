using System.Numerics;
using System.Runtime.CompilerServices;

namespace VectorNN.Kernels.Widths;

/// <summary>
/// The scalar fallback as a one-element "vector", so the kernels written for <see cref="IVectorOps{T, TVec}"/> run
/// unchanged when no vector hardware is available. Masks are NaN (set) or +0 (clear); they are only ever tested by
/// <see cref="Select"/>, never combined bitwise.
/// </summary>
internal readonly struct ScalarOps<T> : IVectorOps<T, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => 1;

    public static T Zero => T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Broadcast(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source, nuint offset) => Unsafe.Add(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LoadConverted<TSource>(ref TSource source, nuint offset)
        where TSource : unmanaged =>
        typeof(TSource) == typeof(byte) ? T.CreateTruncating(Unsafe.As<TSource, byte>(ref Unsafe.Add(ref source, offset))) :
        typeof(TSource) == typeof(float) ? T.CreateTruncating(Unsafe.As<TSource, float>(ref Unsafe.Add(ref source, offset))) :
        Unsafe.As<TSource, T>(ref Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreConverted<TDestination>(T value, ref TDestination destination, nuint offset)
        where TDestination : unmanaged
    {
        if (typeof(TDestination) == typeof(float))
        {
            Unsafe.As<TDestination, float>(ref Unsafe.Add(ref destination, offset)) = float.CreateTruncating(value);
        }
        else
        {
            Unsafe.As<TDestination, T>(ref Unsafe.Add(ref destination, offset)) = value;
        }
    }

    // One lane: count is always 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LoadFirst(ref T source, int count) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(T value, ref T destination, int count) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T x, T y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Subtract(T x, T y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply(T x, T y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Divide(T x, T y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sqrt(T x) => T.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd(T x, T y, T addend) => T.MultiplyAddEstimate(x, y, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max(T x, T y) => T.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Min(T x, T y) => T.Min(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Clamp(T x, T min, T max) => x < min ? min : x > max ? max : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Abs(T x) => T.Abs(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T CopySign(T value, T sign) => T.CopySign(value, sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LessThan(T x, T y) => x < y ? T.NaN : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LessThanOrEqual(T x, T y) => x <= y ? T.NaN : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GreaterThan(T x, T y) => x > y ? T.NaN : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T IsNaN(T x) => T.IsNaN(x) ? T.NaN : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Select(T mask, T ifTrue, T ifFalse) => T.IsNaN(mask) ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ShiftIntoExponent(T x) =>
        typeof(T) == typeof(double)
            ? Unsafe.BitCast<ulong, T>(Unsafe.BitCast<T, ulong>(x) << 52)
            : Unsafe.BitCast<uint, T>(Unsafe.BitCast<T, uint>(x) << 23);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T InDouble<TFunction>(T x, TFunction function)
        where TFunction : struct, Ops.IDoubleFunction =>
        T.CreateTruncating(function.Invoke<double, ScalarOps<double>>(double.CreateTruncating(x), typeof(T) == typeof(float)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(T value) => value;

    // A one-lane vector never has a partial remainder.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T KeepLast(T value, int count, T fill) => count > 0 ? value : fill;
}
