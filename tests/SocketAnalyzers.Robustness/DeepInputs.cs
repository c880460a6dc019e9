using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SocketAnalyzers.Robustness;

/// <summary>
/// Valid programs shaped to drive every recursion an analyzer might have to its limit: long chains (else-if, ||,
/// aliases, awaited locals, calls through the project's own methods, base types) and deep nesting (parentheses,
/// blocks, lambdas, conditionals). Each is built around a connection so that every rule looks at it.
/// </summary>
internal static class DeepInputs
{
    private const string Header = """
        using System;
        using System.IO;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        """;

    public static IEnumerable<FuzzSource> All(int chain, int depth)
    {
        yield return new FuzzSource($"else-if chain {chain}", ElseIfChain(chain));
        yield return new FuzzSource($"|| chain in a catch filter {chain}", OrChainFilter(chain));
        yield return new FuzzSource($"message text chain {chain}", MessageChain(chain));
        yield return new FuzzSource($"|| chain in a read loop {chain}", OrChainReadLoop(chain));
        yield return new FuzzSource($"or-pattern chain {chain}", OrPatternChain(chain));
        yield return new FuzzSource($"negations {chain}", Negations(chain));
        yield return new FuzzSource($"alias chain {chain}", AliasChain(chain));
        yield return new FuzzSource($"awaited read chain {chain}", AwaitedReadChain(chain));
        yield return new FuzzSource($"call chain through the project's methods {chain}", CallChain(chain));
        yield return new FuzzSource($"mutual recursion through the project's methods {chain}", MutualRecursion(chain));
        yield return new FuzzSource($"base type chain {Math.Min(chain, 500)}", BaseTypeChain(Math.Min(chain, 500)));
        yield return new FuzzSource($"switch with {chain} cases", SwitchOnRead(chain));
        yield return new FuzzSource($"parentheses {depth} deep", Parentheses(depth));
        yield return new FuzzSource($"blocks and loops {depth} deep", NestedLoops(depth));
        yield return new FuzzSource($"lambdas {depth} deep", NestedLambdas(depth));
        yield return new FuzzSource($"conditionals {depth} deep", NestedConditionals(depth));
        yield return new FuzzSource($"try/catch {depth} deep", NestedTry(depth));
    }

    private static string Method(string body) => Header + $$"""
        class Deep
        {
            async Task Run(Socket socket, byte[] buffer)
            {
        {{body}}
            }
        }
        """;

    private static string ElseIfChain(int count)
    {
        var body = new StringBuilder("var n = socket.Receive(buffer);\n");
        for (var i = 0; i < count; i++)
        {
            body.Append(i == 0 ? "" : "else ").Append($"if (n == {i}) socket.Send(buffer);\n");
        }

        return Method(body + "await Task.Yield();\nsocket.Close();");
    }

    private static string OrChainFilter(int count)
    {
        var terms = string.Join(" || ", Enumerable.Range(0, count).Select(i => $"e.SocketErrorCode == (SocketError){10000 + i}"));
        return Method($$"""
            try { socket.Send(buffer); }
            catch (SocketException e) when ({{terms}}) { socket.Send(buffer); }
            await Task.Yield();
            """);
    }

    private static string MessageChain(int count)
    {
        var terms = string.Join(" || ", Enumerable.Range(0, count).Select(i => $"e.Message.Contains(\"reset {i}\") || e.ErrorCode == {i}"));
        return Method($$"""
            try { await socket.SendAsync(buffer, SocketFlags.None); }
            catch (SocketException e) { if ({{terms}}) { socket.Send(buffer); } }
            """);
    }

    private static string OrChainReadLoop(int count)
    {
        var terms = string.Join(" || ", Enumerable.Range(1, count).Select(i => $"n == {i}"));
        return Method($$"""
            var n = socket.Receive(buffer);
            while (n != 0 && ({{terms}})) { n = socket.Receive(buffer); }
            await Task.Yield();
            socket.Close();
            """);
    }

    private static string OrPatternChain(int count)
    {
        var codes = string.Join(" or ", Enumerable.Range(0, count).Select(i => $"(SocketError){10000 + i}"));
        var numbers = string.Join(" or ", Enumerable.Range(1, count));
        return Method($$"""
            var n = socket.Receive(buffer);
            while (n is not ({{numbers}})) { n = socket.Receive(buffer); }
            try { socket.Send(buffer); }
            catch (SocketException e) when (e.SocketErrorCode is {{codes}}) { socket.Send(buffer); }
            catch (SocketException e) when (e.ErrorCode is {{numbers}}) { socket.Send(buffer); }
            await Task.Yield();
            """);
    }

    private static string Negations(int count)
    {
        var nots = new string('!', count);
        return Method($$"""
            var n = socket.Receive(buffer);
            while ({{nots}}(n == 0)) { n = socket.Receive(buffer); }
            var args = new SocketAsyncEventArgs();
            if ({{nots}}(args.SocketError == SocketError.Success)) { socket.Send(buffer); }
            await Task.Yield();
            socket.Close();
            """);
    }

    private static string AliasChain(int count)
    {
        var body = new StringBuilder("var c0 = new TcpClient();\nStream s0 = c0.GetStream();\n");
        for (var i = 1; i < count; i++)
        {
            body.Append($"var s{i} = s{i - 1};\n");
        }

        body.Append($"try {{ s{count - 1}.Write(buffer, 0, 1); }} catch (IOException) {{ s{count - 1}.Write(buffer, 0, 1); }}\nawait Task.Yield();");
        return Method(body.ToString());
    }

    private static string AwaitedReadChain(int count)
    {
        var body = new StringBuilder("var t0 = socket.ReceiveAsync(buffer, SocketFlags.None);\nint r0 = await t0;\n");
        for (var i = 1; i < count; i++)
        {
            body.Append($"var t{i} = Task.FromResult(r{i - 1});\nint r{i};\nr{i} = await t{i};\n");
        }

        body.Append($"while (r{count - 1} != 0) {{ r{count - 1} = socket.Receive(buffer); }}\nsocket.Close();");
        return Method(body.ToString());
    }

    private static string CallChain(int count)
    {
        var methods = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            methods.Append(i == count - 1
                ? $"    void Step{i}() {{ _socket.Send(new byte[1]); _socket.Shutdown(SocketShutdown.Send); }}\n"
                : $"    void Step{i}() {{ Step{i + 1}(); }}\n");
        }

        return Header + $$"""
            class Session
            {
                private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            {{methods}}
                void Run()
                {
                    try { Step0(); } catch (SocketException) { Step0(); }
                    _socket.Send(new byte[1]);
                }
            }
            """;
    }

    private static string MutualRecursion(int count)
    {
        var methods = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            methods.Append($"    void Step{i}(int n) {{ if (n > 0) Step{(i + 1) % count}(n - 1); else _socket.Send(new byte[1]); }}\n");
        }

        return Header + $$"""
            class Session
            {
                private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            {{methods}}
                void Run()
                {
                    try { Step0(3); } catch (SocketException) { Step0(3); }
                }
            }
            """;
    }

    private static string BaseTypeChain(int count)
    {
        var types = new StringBuilder("class Level0 : NetworkStream { public Level0(Socket s) : base(s) { } }\n");
        for (var i = 1; i < count; i++)
        {
            types.Append($"class Level{i} : Level{i - 1} {{ public Level{i}(Socket s) : base(s) {{ }} }}\n");
        }

        return Header + types + $$"""
            class User
            {
                void Run(Socket socket, byte[] buffer)
                {
                    var stream = new Level{{count - 1}}(socket);
                    try { stream.Write(buffer, 0, 1); } catch (IOException) { stream.Write(buffer, 0, 1); }
                }
            }
            """;
    }

    private static string SwitchOnRead(int count)
    {
        var cases = string.Concat(Enumerable.Range(1, count).Select(i => $"case {i}: socket.Send(buffer); break;\n"));
        return Method($$"""
            while (true)
            {
                switch (socket.Receive(buffer))
                {
            {{cases}}
                    default: await Task.Yield(); break;
                }
            }
            """);
    }

    private static string Parentheses(int depth) =>
        Method($"var n = {new string('(', depth)}socket.Receive(buffer){new string(')', depth)};\nwhile (n > 0) {{ n = socket.Receive(buffer); }}\nawait Task.Yield();");

    private static string NestedLoops(int depth)
    {
        var body = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            body.Append(i % 2 == 0 ? $"while (socket.Receive(buffer) > {i}) {{\n" : "{\n");
        }

        body.Append("socket.Send(buffer);\n").Append(new string('}', depth)).Append("\nawait Task.Yield();");
        return Method(body.ToString());
    }

    private static string NestedLambdas(int depth)
    {
        var body = "var n = socket.Receive(buffer); while (n > 0) n = socket.Receive(buffer); return n;";
        for (var i = 0; i < depth; i++)
        {
            body = $"Func<int> f{i} = () => {{ {body} }}; return f{i}();";
        }

        return Method($"int Outer() {{ {body} }}\nOuter();\nawait Task.Yield();");
    }

    private static string NestedConditionals(int depth)
    {
        var expression = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            expression.Append($"n == {i} ? socket.Send(buffer) : ");
        }

        expression.Append("0");
        return Method($"var n = socket.Receive(buffer);\nvar sent = {expression};\nawait Task.Yield();\nsocket.Close();");
    }

    private static string NestedTry(int depth)
    {
        var body = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            body.Append("try {\n");
        }

        body.Append("socket.Send(buffer);\n");
        for (var i = 0; i < depth; i++)
        {
            body.Append(i % 3 == 0 ? "} catch (SocketException) { socket.Send(buffer); }\n" : i % 3 == 1 ? "} finally { socket.Close(); }\n" : "} catch (IOException e) when (e.InnerException is SocketException) { }\n");
        }

        return Method(body + "await Task.Yield();");
    }
}
