using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels.Int8;

/// <summary>16 bytes per step: widen both operands to 16 bits, then <c>PMADDWD</c> (see <see cref="Int8InstructionSet.Sse2"/>).</summary>
internal readonly struct Sse2DotKernel : IInt8DotKernel<Vector128<int>>
{
    public static int Step => Vector128<byte>.Count;

    public static Vector128<int> Zero => Vector128<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAdd(Vector128<int> sum, ref byte activations, ref sbyte weights)
    {
        Vector128<byte> u = Vector128.LoadUnsafe(ref activations);
        Vector128<sbyte> s = Vector128.LoadUnsafe(ref weights);
        Vector128<int> low = Sse2.MultiplyAddAdjacent(Vector128.WidenLower(u).AsInt16(), Vector128.WidenLower(s));
        Vector128<int> high = Sse2.MultiplyAddAdjacent(Vector128.WidenUpper(u).AsInt16(), Vector128.WidenUpper(s));
        return sum + low + high;
    }

    public static int Sum(Vector128<int> sum) => Vector128.Sum(sum);
}
