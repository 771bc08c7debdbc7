using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using VectorNN.Data;

// Times loading and normalizing a data set as the vectornn program does it, stage by stage, once per process (each
// measurement in a fresh process, as the program meets the data). bench/data-load.sh runs it and takes medians.
//
//   VectorNN.DataLoad idx <train-images-idx3-ubyte.gz> [repeats]   gunzip alone (the limit), IdxLoader.Load, Fit, normalize
//   VectorNN.DataLoad csv <file.csv> [repeats]                     reading the file alone (the limit), CsvLoader.Load, Fit, normalize
//
// Prints one line of tab-separated "stage=milliseconds" pairs per repeat (default 1). The first is what a program
// meets; later ones run compiled code in memory the process has touched before.
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: VectorNN.DataLoad idx|csv <file> [repeats]");
    return 2;
}

string path = args[1];
int repeats = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
var times = new List<(string Stage, double Ms)>();
var clock = Stopwatch.StartNew();
void Lap(string stage)
{
    times.Add((stage, clock.Elapsed.TotalMilliseconds));
    clock.Restart();
}

for (int repeat = 0; repeat < repeats; repeat++)
{
    times.Clear();
    Measure();
    Console.WriteLine(string.Join('\t', times.Select(t => $"{t.Stage}={t.Ms.ToString("F1", CultureInfo.InvariantCulture)}")));
    GC.Collect();
}

return 0;

void Measure()
{
    if (args[0] == "idx")
    {
        // The limit: the decompression alone, into a buffer of the content's size (touched first, so page faults count
        // in the loads below only).
        var content = new byte[checked((int)new FileInfo(path).Length * 2)];
        content.AsSpan().Fill(1);
        clock.Restart();
        using (var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress))
        {
            gzip.ReadAtLeast(content, content.Length, throwOnEndOfStream: false);
        }

        Lap("gunzip");
        content = [];
        GC.Collect();
        clock.Restart();
        Dataset<float> train = IdxLoader.Load<float>(path);
        Lap("load");
        Normalize(train);
    }
    else
    {
        var text = new byte[checked((int)new FileInfo(path).Length)];
        text.AsSpan().Fill(1);
        clock.Restart();
        using (FileStream file = File.OpenRead(path))
        {
            file.ReadExactly(text);
        }

        Lap("read");
        text = [];
        GC.Collect();
        clock.Restart();
        Dataset<float> train = CsvLoader.Load<float>(path);
        Lap("load");
        Normalize(train);
    }
}

// Fit on the set and rescale it, as `vectornn train --normalize zscore` does.
void Normalize(Dataset<float> train)
{
    Normalization zscore = Normalization.Fit(NormalizationMethod.ZScore, train.Inputs, train.InputWidth);
    Lap("fit");
    NormalizeStep(train, zscore);
    Lap("normalize");
    times.Add(("total", times.Where(t => t.Stage is "load" or "fit" or "normalize").Sum(t => t.Ms)));
}

// The vectornn program's rescaling of a loaded set: in place.
static void NormalizeStep(Dataset<float> data, Normalization normalization) => normalization.Apply(data);
