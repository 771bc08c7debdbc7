using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// The single place that decides which vector width the kernels use. Every kernel asks these properties, which
/// the JIT folds to constants, so a process runs one width throughout: the widest accelerated one.
/// </summary>
/// <remarks>
/// The width follows the runtime's hardware-intrinsic switches: <c>DOTNET_EnableAVX512=0</c> selects
/// <see cref="VectorWidth.Vector256"/>, <c>DOTNET_EnableAVX2=0</c> selects <see cref="VectorWidth.Vector128"/> and
/// <c>DOTNET_EnableHWIntrinsic=0</c> selects <see cref="VectorWidth.Scalar"/>. <see cref="System.Numerics.Vector{T}"/>
/// is not used because it stays 256 bits wide on AVX-512 machines.
/// </remarks>
public static class Simd
{
    /// <summary>
    /// A length to pass to <see cref="Run{T, TKernel}"/> for kernels that pad a partial vector themselves (GEMM's tiles),
    /// so every width serves them whatever their dimensions.
    /// </summary>
    internal const int AnyLength = int.MaxValue;

    /// <summary>Gets the widest vector width the kernels use in this process.</summary>
    public static VectorWidth Width => WidthFor<float>(AnyLength);

    /// <summary>Gets whether fused multiply-add instructions are available, so kernels round once per multiply-add.</summary>
    public static bool HasFusedMultiplyAdd =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    /// <summary>Gets a one-line description of the vector paths, e.g. <c>Vector512 (512: yes, 256: yes, 128: yes, FMA: yes)</c>.</summary>
    public static string Describe() =>
        $"{Width} (512: {YesNo(Vector512.IsHardwareAccelerated)}, 256: {YesNo(Vector256.IsHardwareAccelerated)}, " +
        $"128: {YesNo(Vector128.IsHardwareAccelerated)}, FMA: {YesNo(HasFusedMultiplyAdd)})";

    /// <summary>
    /// The one width policy: the widest accelerated width whose vector fits in <paramref name="length"/> elements.
    /// Kernels that need whole vectors inside their data (an overlapping last vector) pass the length they run over,
    /// so rows shorter than one wide vector take a narrower one rather than the scalar path.
    /// </summary>
    internal static VectorWidth WidthFor<T>(int length)
    {
        if (Vector512.IsHardwareAccelerated && length >= Vector512<T>.Count)
        {
            return VectorWidth.Vector512;
        }

        if (Vector256.IsHardwareAccelerated && length >= Vector256<T>.Count)
        {
            return VectorWidth.Vector256;
        }

        return Vector128.IsHardwareAccelerated && length >= Vector128<T>.Count ? VectorWidth.Vector128 : VectorWidth.Scalar;
    }

    /// <summary>Runs <paramref name="kernel"/> at the width <see cref="WidthFor{T}"/> chooses for <paramref name="length"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Run<T, TKernel>(int length, ref TKernel kernel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TKernel : IWidthKernel<T>, allows ref struct
    {
        switch (WidthFor<T>(length))
        {
            case VectorWidth.Vector512:
                kernel.Run<Vector512<T>, Vector512Ops<T>>();
                break;
            case VectorWidth.Vector256:
                kernel.Run<Vector256<T>, Vector256Ops<T>>();
                break;
            case VectorWidth.Vector128:
                kernel.Run<Vector128<T>, Vector128Ops<T>>();
                break;
            default:
                kernel.Run<T, ScalarOps<T>>();
                break;
        }
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}
