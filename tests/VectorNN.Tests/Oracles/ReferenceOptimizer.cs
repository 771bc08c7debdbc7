using VectorNN.Tests.Generators;

namespace VectorNN.Tests.Oracles;

/// <summary>
/// The optimizers as the papers and PyTorch's documentation write them, one parameter at a time in <see cref="Approx"/>
/// arithmetic, so each result comes with the error bound a correct implementation in the lower precision meets.
/// </summary>
/// <remarks>
/// Sources: SGD with momentum and Nesterov as <c>torch.optim.SGD</c> (dampening 0, the velocity starts as the first
/// gradient, which equals mu 0 + g); Adam as <c>torch.optim.Adam</c> (Kingma and Ba, Algorithm 1, with L2 decay added
/// to the gradient); AdamW as <c>torch.optim.AdamW</c> (Loshchilov and Hutter: the parameter shrinks by lr lambda
/// first); clipping as <c>torch.nn.utils.clip_grad_norm_</c>.
/// </remarks>
public sealed class ReferenceOptimizer
{
    private readonly OptimizerKind kind;
    private readonly double unit;
    private readonly Approx learningRate, momentum, beta1, beta2, epsilon, weightDecay;
    private Approx beta1Power = 1, beta2Power = 1;

    /// <summary>Starts from <paramref name="values"/> with zero state; <paramref name="unit"/> is the roundoff the bounds are for.</summary>
    public ReferenceOptimizer(OptimizerKind kind, OptimizerCase hyperparameters, double[] values, double unit)
    {
        this.kind = kind;
        this.unit = unit;

        // The optimizer converts each hyperparameter to the parameters' type once.
        learningRate = Approx.Rounded(hyperparameters.LearningRate, unit);
        momentum = Approx.Rounded(hyperparameters.Momentum, unit);
        beta1 = Approx.Rounded(hyperparameters.Beta1, unit);
        beta2 = Approx.Rounded(hyperparameters.Beta2, unit);
        epsilon = Approx.Rounded(hyperparameters.Epsilon, unit);
        weightDecay = Approx.Rounded(hyperparameters.WeightDecay, unit);
        Values = Array.ConvertAll(values, v => new Approx(v, 0, unit));
        Velocity = Zeros(values.Length);
        FirstMoment = Zeros(values.Length);
        SecondMoment = Zeros(values.Length);
    }

    /// <summary>The parameters.</summary>
    public Approx[] Values { get; }

    /// <summary>The momentum buffer of SGD with momentum.</summary>
    public Approx[] Velocity { get; }

    /// <summary>Adam's m.</summary>
    public Approx[] FirstMoment { get; }

    /// <summary>Adam's v.</summary>
    public Approx[] SecondMoment { get; }

    /// <summary>One step over the parameters marked trainable, with the gradient clipped to <paramref name="maxNorm"/>.</summary>
    public void Step(double[] gradients, bool[] trainable, double maxNorm)
    {
        double squares = 0;
        int trainableCount = 0;
        for (int i = 0; i < gradients.Length; i++)
        {
            if (trainable[i])
            {
                squares += gradients[i] * gradients[i];
                trainableCount++;
            }
        }

        // clip_grad_norm_: g *= min(1, max / (||g|| + 1e-6)). The implementation sums the squares in its own precision
        // and order, which moves the factor by up to gamma_(n+1) relatively; two roundings more form the factor.
        double norm = Math.Sqrt(squares);
        Approx scale = 1;
        if (norm > maxNorm)
        {
            double factor = maxNorm / (norm + 1e-6);
            scale = new Approx(factor, factor * ErrorBound.Gamma(trainableCount + 3, unit), unit);
        }

        beta1Power *= beta1;
        beta2Power *= beta2;
        for (int i = 0; i < gradients.Length; i++)
        {
            if (trainable[i])
            {
                Update(i, scale * gradients[i]);
            }
        }
    }

    private void Update(int i, Approx g)
    {
        Approx w = Values[i];
        switch (kind)
        {
            case OptimizerKind.Sgd:
                g += weightDecay * w;
                Values[i] = w - (learningRate * g);
                break;
            case OptimizerKind.Momentum:
            case OptimizerKind.Nesterov:
                g += weightDecay * w;
                Approx b = Velocity[i] = (momentum * Velocity[i]) + g;
                Approx direction = kind == OptimizerKind.Nesterov ? g + (momentum * b) : b;
                Values[i] = w - (learningRate * direction);
                break;
            default:
                if (kind == OptimizerKind.AdamW)
                {
                    w *= 1 - (learningRate * weightDecay);
                }
                else
                {
                    g += weightDecay * w;
                }

                Approx m = FirstMoment[i] = (beta1 * FirstMoment[i]) + ((1 - beta1) * g);
                Approx v = SecondMoment[i] = (beta2 * SecondMoment[i]) + ((1 - beta2) * g * g);
                Approx mHat = m / (1 - beta1Power);
                Approx vHat = v / (1 - beta2Power);
                Values[i] = w - (learningRate * mHat / (Approx.Sqrt(vHat) + epsilon));
                break;
        }
    }

    private Approx[] Zeros(int count) => Enumerable.Repeat(new Approx(0, 0, unit), count).ToArray();
}
