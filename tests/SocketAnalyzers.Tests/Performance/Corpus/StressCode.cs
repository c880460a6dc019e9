using System.Text;

namespace SocketAnalyzers.Performance.Corpus;

/// <summary>
/// Methods that stress the per-method engine: one method of N statements of mixed socket I/O, branches and
/// try/catch; and a method whose try/catch blocks are nested N deep, each level writing in its catch.
/// </summary>
internal static class StressCode
{
    /// <summary>One method with <paramref name="statements"/> statements (each top-level statement counts as one).</summary>
    public static CorpusFile LargeMethod(int statements)
    {
        var body = new StringBuilder();
        for (int i = 0; i < statements; i++)
        {
            string statement = (i % 8) switch
            {
                0 => $"total += socket.Send(buffer, 0, {(i % 64) + 1}, SocketFlags.None);",
                1 => $"int received{i} = socket.Receive(buffer);",
                2 => $"if (received{i - 1} == 0) {{ socket.Shutdown(SocketShutdown.Both); return total; }}",
                3 => $"total += received{i - 2} * {i % 7};",
                4 => $"try {{ socket.Send(buffer); }} catch (SocketException e{i}) when (e{i}.SocketErrorCode == SocketError.WouldBlock) {{ total--; }}",
                5 => $"Console.WriteLine(total + {i});",
                6 => $"if (total > {i}) {{ total -= socket.Send(buffer); }} else {{ total += {i}; }}",
                _ => $"total ^= buffer[{i % 16}];",
            };
            body.Append("        ").Append(statement).Append('\n');
        }

        string text = $$"""
            using System;
            using System.Net.Sockets;

            namespace Corpus.Stress;

            public static class LargeMethod{{statements}}
            {
                public static int Run(Socket socket, byte[] buffer)
                {
                    int total = 0;
            {{body}}        return total;
                }
            }

            """;
        return new CorpusFile($"Stress/LargeMethod{statements}.cs", text, CorpusFileKind.Stress);
    }

    /// <summary>One method whose try/catch statements are nested <paramref name="depth"/> levels deep.</summary>
    public static CorpusFile NestedTry(int depth)
    {
        var text = new StringBuilder();
        text.Append($$"""
            using System;
            using System.IO;
            using System.Net.Sockets;

            namespace Corpus.Stress;

            public static class NestedTry{{depth}}
            {
                public static int Run(Socket socket, byte[] buffer)
                {
                    int total = 0;

            """);
        for (int level = 1; level <= depth; level++)
        {
            string indent = new string(' ', 4 * (level + 1));
            text.Append(indent).Append("try\n");
            text.Append(indent).Append("{\n");
            text.Append(indent).Append("    total += socket.Send(buffer);\n");
        }

        text.Append(new string(' ', 4 * (depth + 2))).Append("total += socket.Receive(buffer);\n");
        for (int level = depth; level >= 1; level--)
        {
            string indent = new string(' ', 4 * (level + 1));
            text.Append(indent).Append("}\n");

            // Alternate what each level catches: a transient-only filter (not fatal), a connection error, an IOException.
            string clause = (level % 3) switch
            {
                0 => $"catch (SocketException e{level}) when (e{level}.SocketErrorCode == SocketError.TimedOut)",
                1 => $"catch (SocketException e{level})",
                _ => $"catch (IOException e{level})",
            };
            text.Append(indent).Append(clause).Append('\n');
            text.Append(indent).Append("{\n");
            text.Append(indent).Append($"    Console.WriteLine(e{level}.Message);\n");
            text.Append(indent).Append("    total += socket.Send(buffer);\n");
            text.Append(indent).Append("}\n");
        }

        text.Append("""
                    return total;
                }
            }

            """);
        return new CorpusFile($"Stress/NestedTry{depth}.cs", text.ToString(), CorpusFileKind.Stress);
    }
}
