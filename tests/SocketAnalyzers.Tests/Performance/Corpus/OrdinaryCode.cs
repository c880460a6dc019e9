using System;
using System.Collections.Generic;
using System.Text;

namespace SocketAnalyzers.Performance.Corpus;

/// <summary>
/// Ordinary application code with no connection in it: entities, LINQ reports, parsers, file and compression I/O,
/// async fan-out, caches, retries around <c>IOException</c> — what most of a real project is. The analyzers must
/// find nothing to do here, quickly. Some files leave a <c>FileStream</c> undisposed, as real code does, so the
/// dispose analyzers have their usual work.
/// </summary>
internal static class OrdinaryCode
{
    private static readonly string[] Areas = { "Billing", "Inventory", "Shipping", "Reporting", "Accounts", "Scheduling", "Catalog", "Audit" };

    private static readonly Func<int, Prng, string>[] MethodTemplates =
    {
        Summarize, Parse, Format, Statistics, Load, Copy, Compress, ProcessAsync, GetOrAdd, Validate, Retry, Sort,
        Multiply, Describe, Schedule,
    };

    public static CorpusFile File(int index, int targetLines)
    {
        var random = new Prng(0x5EED0000UL + (ulong)index);
        string area = Areas[index % Areas.Length];
        string separator = random.Pick(new[] { ",", ";", "|", ":" });
        var text = new StringBuilder();
        text.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.Globalization;
            using System.IO;
            using System.IO.Compression;
            using System.Linq;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Corpus.{{area}}.N{{index:D4}};

            public enum Status
            {
                Pending,
                Active,
                Suspended,
                Closed,
            }

            """);
        text.Append('\n');
        text.Append(Entity(separator[0]));
        text.Append('\n');
        text.Append($$"""
            public sealed class {{area}}Service
            {
                private readonly Dictionary<string, Item> cache = new Dictionary<string, Item>(StringComparer.Ordinal);
                private readonly object gate = new object();

                public event EventHandler<Item>? Changed;

            """);
        int lines = CountLines(text);
        int method = 0;
        while (lines < targetLines - 2)
        {
            string body = MethodTemplates[random.Next(MethodTemplates.Length)](method++, random);
            text.Append('\n').Append(body);
            lines += CountLines(body) + 1;
        }

        text.Append("}\n");
        return new CorpusFile($"Ordinary/{area}/N{index:D4}.cs", text.ToString(), CorpusFileKind.Ordinary);
    }

    internal static int CountLines(StringBuilder text)
    {
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                count++;
            }
        }

        return count;
    }

    internal static int CountLines(string text)
    {
        int count = 0;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                count++;
            }
        }

        return count;
    }

    private static string Entity(char separator) => $$"""
        public sealed class Item : IEquatable<Item>
        {
            public Item(string name, string category, int quantity, decimal price, Status status)
            {
                if (quantity < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "quantity must not be negative");
                }

                Name = name ?? throw new ArgumentNullException(nameof(name));
                Category = category ?? throw new ArgumentNullException(nameof(category));
                Quantity = quantity;
                Price = price;
                Status = status;
            }

            public string Name { get; }

            public string Category { get; }

            public int Quantity { get; }

            public decimal Price { get; }

            public Status Status { get; }

            public static Item Parse(string line)
            {
                string[] parts = line.Split('{{separator}}');
                if (parts.Length < 4)
                {
                    throw new FormatException("expected 4 fields, got " + parts.Length.ToString(CultureInfo.InvariantCulture));
                }

                int quantity = int.Parse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture);
                decimal price = decimal.Parse(parts[2], NumberStyles.Number, CultureInfo.InvariantCulture);
                Status status = Enum.TryParse(parts[3], ignoreCase: true, out Status parsed) ? parsed : Status.Pending;
                return new Item(parts[0], parts.Length > 4 ? parts[4] : "general", quantity, price, status);
            }

            public bool Equals(Item? other) =>
                other is not null && Name == other.Name && Category == other.Category && Quantity == other.Quantity && Price == other.Price;

            public override bool Equals(object? obj) => Equals(obj as Item);

            public override int GetHashCode() => HashCode.Combine(Name, Category, Quantity, Price);

            public override string ToString() => $"{Name} ({Category}) x{Quantity} @ {Price.ToString("F2", CultureInfo.InvariantCulture)}";
        }

        """;

    private static string Summarize(int m, Prng random) => $$"""
            public IReadOnlyList<KeyValuePair<string, decimal>> Summarize{{m}}(IEnumerable<Item> items)
            {
                return items
                    .Where(item => item.Status != Status.Closed && item.Quantity > {{random.Next(10)}})
                    .GroupBy(item => item.Category, StringComparer.Ordinal)
                    .Select(group => new KeyValuePair<string, decimal>(group.Key, group.Sum(item => item.Price * item.Quantity)))
                    .OrderByDescending(pair => pair.Value)
                    .ThenBy(pair => pair.Key, StringComparer.Ordinal)
                    .Take({{5 + random.Next(20)}})
                    .ToList();
            }

        """;

    private static string Parse(int m, Prng random) => $$"""
            public Item Parse{{m}}(string line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    throw new FormatException("empty line");
                }

                string[] parts = line.Split('{{random.Pick(new[] { ",", ";", "|", "\\t" })}}');
                if (parts.Length < 4)
                {
                    throw new FormatException("expected 4 fields, got " + parts.Length.ToString(CultureInfo.InvariantCulture));
                }

                if (!int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int quantity))
                {
                    throw new FormatException("bad quantity: " + parts[1]);
                }

                if (!decimal.TryParse(parts[2], NumberStyles.Number, CultureInfo.InvariantCulture, out decimal price))
                {
                    throw new FormatException("bad price: " + parts[2]);
                }

                Status status = parts[3].Trim().ToUpperInvariant() switch
                {
                    "P" => Status.Pending,
                    "A" => Status.Active,
                    "S" => Status.Suspended,
                    _ => Status.Closed,
                };
                return new Item(parts[0].Trim(), parts.Length > 4 ? parts[4] : "general", quantity, price, status);
            }

        """;

    private static string Format(int m, Prng random) => $$"""
            public string Format{{m}}(IReadOnlyList<Item> items)
            {
                var builder = new StringBuilder();
                builder.Append("name").Append('{{random.Pick(new[] { ",", ";", "|" })}}').Append("quantity").AppendLine();
                for (int i = 0; i < items.Count; i++)
                {
                    Item item = items[i];
                    if (item.Quantity == 0 && item.Status == Status.Closed)
                    {
                        continue;
                    }

                    builder.Append(item.Name)
                        .Append(',')
                        .Append(item.Quantity.ToString(CultureInfo.InvariantCulture))
                        .Append(',')
                        .AppendLine(item.Price.ToString("F{{random.Next(4)}}", CultureInfo.InvariantCulture));
                }

                return builder.ToString();
            }

        """;

    private static string Statistics(int m, Prng random) => $$"""
            public (double Mean, double Deviation, double Max) Statistics{{m}}(double[] values)
            {
                if (values.Length == 0)
                {
                    return (0, 0, 0);
                }

                double sum = 0;
                double max = double.MinValue;
                foreach (double value in values)
                {
                    sum += value;
                    if (value > max)
                    {
                        max = value;
                    }
                }

                double mean = sum / values.Length;
                double squares = 0;
                for (int i = 0; i < values.Length; i++)
                {
                    double delta = values[i] - mean;
                    squares += delta * delta;
                }

                return (mean, Math.Sqrt(squares / values.Length) * {{1 + random.Next(3)}}, max);
            }

        """;

    private static string Load(int m, Prng random) => $$"""
            public List<Item> Load{{m}}(string path)
            {
                var items = new List<Item>();
                try
                {
                    using var reader = new StreamReader(path, Encoding.UTF8);
                    string? line;
                    int number = 0;
                    while ((line = reader.ReadLine()) != null)
                    {
                        number++;
                        if (line.Length == 0 || line[0] == '{{random.Pick(new[] { "#", ";", "/" })}}')
                        {
                            continue;
                        }

                        try
                        {
                            items.Add(Item.Parse(line));
                        }
                        catch (FormatException e)
                        {
                            Console.Error.WriteLine($"{path}:{number}: {e.Message}");
                        }
                    }
                }
                catch (IOException e)
                {
                    Console.Error.WriteLine("cannot read " + path + ": " + e.Message);
                }

                return items;
            }

        """;

    private static string Copy(int m, Prng random)
    {
        // One copy in three forgets to dispose its input, as real code does: work for the dispose analyzers.
        string disposeInput = random.Chance(33) ? string.Empty : "input.Dispose();";
        return $$"""
                public long Copy{{m}}(string source, string destination)
                {
                    var input = new FileStream(source, FileMode.Open, FileAccess.Read);
                    var output = File.Create(destination);
                    long total = 0;
                    byte[] buffer = new byte[{{1024 << random.Next(6)}}];
                    int read;
                    while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        output.Write(buffer, 0, read);
                        total += read;
                    }

                    output.Flush();
                    {{disposeInput}}
                    output.Dispose();
                    return total;
                }

            """;
    }

    private static string Compress(int m, Prng random) => $$"""
            public byte[] Compress{{m}}(string text)
            {
                using var memory = new MemoryStream();
                using (var gzip = new GZipStream(memory, CompressionLevel.{{random.Pick(new[] { "Fastest", "Optimal", "SmallestSize" })}}, leaveOpen: true))
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(text);
                    gzip.Write(bytes, 0, bytes.Length);
                }

                return memory.ToArray();
            }

        """;

    private static string ProcessAsync(int m, Prng random) => $$"""
            public async Task<int> ProcessAsync{{m}}(IReadOnlyList<Item> items, CancellationToken cancellationToken)
            {
                var tasks = new List<Task<int>>();
                foreach (Item item in items)
                {
                    tasks.Add(WeighAsync{{m}}(item, cancellationToken));
                }

                int[] weights = await Task.WhenAll(tasks).ConfigureAwait(false);
                int total = 0;
                foreach (int weight in weights)
                {
                    total = checked(total + weight);
                }

                return total;
            }

            private static async Task<int> WeighAsync{{m}}(Item item, CancellationToken cancellationToken)
            {
                await Task.Delay({{random.Next(50)}}, cancellationToken).ConfigureAwait(false);
                return item.Quantity * {{1 + random.Next(9)}} + item.Name.Length;
            }

        """;

    private static string GetOrAdd(int m, Prng random) => $$"""
            public Item GetOrAdd{{m}}(string key, Func<string, Item> create)
            {
                lock (gate)
                {
                    if (cache.TryGetValue(key, out Item? existing))
                    {
                        return existing;
                    }

                    Item created = create(key);
                    cache[key] = created;
                    Changed?.Invoke(this, created);
                    return created;
                }
            }

        """;

    private static string Validate(int m, Prng random) => $$"""
            public IReadOnlyList<string> Validate{{m}}(Item item)
            {
                var problems = new List<string>();
                if (item.Name.Length == 0)
                {
                    problems.Add("name is empty");
                }

                if (item.Name.Length > {{32 + random.Next(96)}})
                {
                    problems.Add("name is too long");
                }

                if (item.Quantity > {{1000 + random.Next(9000)}})
                {
                    problems.Add("quantity is implausible");
                }

                if (item.Price <= 0m)
                {
                    problems.Add("price must be positive");
                }

                if (item.Status == Status.Closed && item.Quantity > 0)
                {
                    problems.Add("a closed item holds stock");
                }

                if (item.Category.Any(char.IsWhiteSpace))
                {
                    problems.Add("category contains white space");
                }

                return problems;
            }

        """;

    private static string Retry(int m, Prng random) => $$"""
            public T Retry{{m}}<T>(Func<T> action, int attempts)
            {
                for (int attempt = 1; ; attempt++)
                {
                    try
                    {
                        return action();
                    }
                    catch (IOException) when (attempt < attempts)
                    {
                        Thread.Sleep(attempt * {{10 + random.Next(90)}});
                    }
                    catch (TimeoutException) when (attempt < attempts)
                    {
                        Thread.Sleep(attempt * {{100 + random.Next(900)}});
                    }
                }
            }

        """;

    private static string Sort(int m, Prng random) => $$"""
            public static void Sort{{m}}(int[] values)
            {
                for (int i = 1; i < values.Length; i++)
                {
                    int current = values[i];
                    int j = i - 1;
                    while (j >= 0 && values[j] {{random.Pick(new[] { ">", "<" })}} current)
                    {
                        values[j + 1] = values[j];
                        j--;
                    }

                    values[j + 1] = current;
                }
            }

        """;

    private static string Multiply(int m, Prng random) => $$"""
            public static double[,] Multiply{{m}}(double[,] left, double[,] right)
            {
                int rows = left.GetLength(0);
                int inner = left.GetLength(1);
                int columns = right.GetLength(1);
                if (right.GetLength(0) != inner)
                {
                    throw new ArgumentException("the matrices do not fit", nameof(right));
                }

                var product = new double[rows, columns];
                for (int row = 0; row < rows; row++)
                {
                    for (int column = 0; column < columns; column++)
                    {
                        double sum = 0;
                        for (int k = 0; k < inner; k++)
                        {
                            sum += left[row, k] * right[k, column];
                        }

                        product[row, column] = sum * {{1 + random.Next(4)}};
                    }
                }

                return product;
            }

        """;

    private static string Describe(int m, Prng random) => $$"""
            public string Describe{{m}}(Item item)
            {
                string state;
                switch (item.Status)
                {
                    case Status.Pending:
                        state = "waiting since batch {{random.Next(1000)}}";
                        break;
                    case Status.Active:
                        state = item.Quantity > 0 ? "in stock" : "sold out";
                        break;
                    case Status.Suspended:
                        state = "on hold";
                        break;
                    default:
                        state = "retired";
                        break;
                }

                return string.Create(CultureInfo.InvariantCulture, $"{item.Name}: {state}, {item.Quantity} left at {item.Price:F2}");
            }

        """;

    private static string Schedule(int m, Prng random) => $$"""
            public IEnumerable<DateTime> Schedule{{m}}(DateTime start, int count)
            {
                DateTime next = start;
                for (int i = 0; i < count; i++)
                {
                    next = next.AddMinutes({{15 * (1 + random.Next(8))}});
                    if (next.DayOfWeek == DayOfWeek.Saturday)
                    {
                        next = next.AddDays(2);
                    }
                    else if (next.DayOfWeek == DayOfWeek.Sunday)
                    {
                        next = next.AddDays(1);
                    }

                    yield return next;
                }
            }

        """;
}
