using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VectorNN.Kernels.Ops;

namespace VectorNN.Kernels;

/// <summary>
/// The few reductions softmax needs over one row: max, sum and dot. Kept internal and small so the activations can
/// switch to the public reduction kernels once they exist. The combination order is fixed (lanes in order, then the
/// remainder in order), so results are reproducible run to run for one vector width.
/// </summary>
internal static class RowReductions
{
    public static T Max<T>(ReadOnlySpan<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Aggregate(x, x, default(MaxAggregate<T>));

    public static T Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Aggregate(x, x, default(SumAggregate<T>));

    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Aggregate(x, y, default(DotAggregate<T>));

    /// <summary>Callers pass spans of equal length.</summary>
    private static T Aggregate<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IAggregateOperator<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        T result = op.Seed;

        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
        {
            Vector512<T> accumulator = Vector512.Create(op.Seed);
            for (; i <= n - (nuint)Vector512<T>.Count; i += (nuint)Vector512<T>.Count)
            {
                accumulator = op.Accumulate(accumulator, Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i));
            }

            for (int lane = 0; lane < Vector512<T>.Count; lane++)
            {
                result = op.Combine(result, accumulator.GetElement(lane));
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
        {
            Vector256<T> accumulator = Vector256.Create(op.Seed);
            for (; i <= n - (nuint)Vector256<T>.Count; i += (nuint)Vector256<T>.Count)
            {
                accumulator = op.Accumulate(accumulator, Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i));
            }

            for (int lane = 0; lane < Vector256<T>.Count; lane++)
            {
                result = op.Combine(result, accumulator.GetElement(lane));
            }
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<T>.Count)
        {
            Vector128<T> accumulator = Vector128.Create(op.Seed);
            for (; i <= n - (nuint)Vector128<T>.Count; i += (nuint)Vector128<T>.Count)
            {
                accumulator = op.Accumulate(accumulator, Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i));
            }

            for (int lane = 0; lane < Vector128<T>.Count; lane++)
            {
                result = op.Combine(result, accumulator.GetElement(lane));
            }
        }

        for (; i < n; i++)
        {
            result = op.Accumulate(result, Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }

        return result;
    }
}
