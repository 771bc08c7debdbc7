namespace VectorNN.Peers;

/// <summary>The time of one call: the median over repetitions, and how far the repetitions spread around it.</summary>
/// <param name="Seconds">The median time per call.</param>
/// <param name="Spread">
/// Half the interquartile range of the repetitions' times over the median (0.01: the middle half of the repetitions
/// lies within about +-1% of the median).
/// </param>
internal readonly record struct Timed(double Seconds, double Spread);
