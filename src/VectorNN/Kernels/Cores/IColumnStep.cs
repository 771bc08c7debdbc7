using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>What <see cref="ColumnCore.Accumulate"/> does with each vector of one row's columns, in double.</summary>
internal interface IColumnStep
{
    /// <summary>
    /// Takes the values of columns [<paramref name="column"/>, <paramref name="column"/> + TOps.Count) of one row. Only
    /// the last <paramref name="fresh"/> lanes are new in this row: a row's last vector overlaps the one before it when
    /// the width is not a multiple of the vector.
    /// </summary>
    void Step<TVec, TOps>(TVec x, nuint column, int fresh)
        where TVec : struct
        where TOps : struct, IVectorOps<double, TVec>;
}
