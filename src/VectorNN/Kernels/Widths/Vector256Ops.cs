using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels.Widths;

/// <summary>256-bit vectors for kernels written against <see cref="IVectorOps{T, TVec}"/>.</summary>
internal readonly struct Vector256Ops<T> : IVectorOps<T, Vector256<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint offset) =>
        value.StoreUnsafe(ref destination, offset);

    // Vector256 is accelerated only with AVX2 (x86), so its instructions are used directly: one zero-extension
    // (vpmovzx) and one conversion per vector.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadConverted<TSource>(ref TSource source, nuint offset)
        where TSource : unmanaged
    {
        ref TSource at = ref Unsafe.Add(ref source, offset);
        if (typeof(TSource) == typeof(byte))
        {
            ref byte bytes = ref Unsafe.As<TSource, byte>(ref at);
            return typeof(T) == typeof(float)
                ? Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref bytes)).AsByte())).As<float, T>()
                : Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref bytes)).AsByte())).As<double, T>();
        }

        if (typeof(TSource) == typeof(float) && typeof(T) == typeof(double))
        {
            return Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref Unsafe.As<TSource, float>(ref at))).As<double, T>();
        }

        return Vector256.LoadUnsafe(ref Unsafe.As<TSource, T>(ref at));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreConverted<TDestination>(Vector256<T> value, ref TDestination destination, nuint offset)
        where TDestination : unmanaged
    {
        ref TDestination at = ref Unsafe.Add(ref destination, offset);
        if (typeof(TDestination) == typeof(float) && typeof(T) == typeof(double))
        {
            Avx.ConvertToVector128Single(value.AsDouble()).StoreUnsafe(ref Unsafe.As<TDestination, float>(ref at));
        }
        else
        {
            value.StoreUnsafe(ref Unsafe.As<TDestination, T>(ref at));
        }
    }

    // Whole halves move as Vector128 registers, the rest through Vector128Ops: 10 floats of a 16-lane register are one
    // 256-bit store, one 128-bit store and two elements rather than ten.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadFirst(ref T source, int count)
    {
        int half = Vector128<T>.Count;
        return count <= half
            ? Vector256.Create(Vector128Ops<T>.LoadFirst(ref source, count), Vector128<T>.Zero)
            : Vector256.Create(Vector128.LoadUnsafe(ref source), Vector128Ops<T>.LoadFirst(ref Unsafe.Add(ref source, half), count - half));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector256<T> value, ref T destination, int count)
    {
        int half = Vector128<T>.Count;
        if (count <= half)
        {
            Vector128Ops<T>.StoreFirst(value.GetLower(), ref destination, count);
        }
        else
        {
            value.GetLower().StoreUnsafe(ref destination);
            Vector128Ops<T>.StoreFirst(value.GetUpper(), ref Unsafe.Add(ref destination, half), count - half);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> x, Vector256<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> x, Vector256<T> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> x, Vector256<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Divide(Vector256<T> x, Vector256<T> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sqrt(Vector256<T> x) => Vector256.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> x, Vector256<T> y, Vector256<T> addend) =>
        typeof(T) == typeof(float) ? Vector256.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), addend.AsSingle()).As<float, T>() :
        typeof(T) == typeof(double) ? Vector256.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), addend.AsDouble()).As<double, T>() :
        x * y + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> x, Vector256<T> y) => Vector256.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Min(Vector256<T> x, Vector256<T> y) => Vector256.Min(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Clamp(Vector256<T> x, Vector256<T> min, Vector256<T> max) => Vector256.ClampNative(x, min, max);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Abs(Vector256<T> x) => Vector256.Abs(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> CopySign(Vector256<T> value, Vector256<T> sign) => Vector256.CopySign(value, sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LessThan(Vector256<T> x, Vector256<T> y) => Vector256.LessThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LessThanOrEqual(Vector256<T> x, Vector256<T> y) => Vector256.LessThanOrEqual(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> GreaterThan(Vector256<T> x, Vector256<T> y) => Vector256.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> IsNaN(Vector256<T> x) => Vector256.IsNaN(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Select(Vector256<T> mask, Vector256<T> ifTrue, Vector256<T> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ShiftIntoExponent(Vector256<T> x) =>
        typeof(T) == typeof(double)
            ? Vector256.ShiftLeft(x.AsUInt64(), 52).As<ulong, T>()
            : Vector256.ShiftLeft(x.AsUInt32(), 23).As<uint, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> InDouble<TFunction>(Vector256<T> x, TFunction function)
        where TFunction : struct, Ops.IDoubleFunction
    {
        if (typeof(T) == typeof(float))
        {
            (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(x.AsSingle());
            return Vector256.Narrow(
                function.Invoke<Vector256<double>, Vector256Ops<double>>(lower, true),
                function.Invoke<Vector256<double>, Vector256Ops<double>>(upper, true)).As<float, T>();
        }

        return function.Invoke<Vector256<double>, Vector256Ops<double>>(x.AsDouble(), false).As<double, T>();
    }

    // Folds the halves together, then sums the 128-bit vector: .NET 10's Vector256.Sum reduces each of the two
    // 128-bit lanes on its own and then adds the lane sums (11 instructions against 6), which made a loop of
    // 128-column dot products 25% slower (bench/RESULTS.md, "Horizontal sums").
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> value) => Vector128Ops<T>.Sum(value.GetLower() + value.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector256<T> value)
    {
        T max = value.GetElement(0);
        for (int i = 1; i < Vector256<T>.Count; i++)
        {
            max = T.Max(max, value.GetElement(i));
        }

        return max;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> KeepLast(Vector256<T> value, int count, Vector256<T> fill)
    {
        Vector256<T> keep = Vector256.GreaterThanOrEqual(
            Vector256<T>.Indices, Vector256.Create(T.CreateTruncating(Vector256<T>.Count - count)));
        return Vector256.ConditionalSelect(keep, value, fill);
    }
}
