using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>Exception handlers: which try region a block is in, what a catch takes, and which connections it blames.</summary>
public sealed partial class ConnectionFlowAnalysis
{
    /// <summary>The state a catch handler starts with when <paramref name="atThrow"/> is thrown in its try region.</summary>
    private FlowState HandlerInput(ControlFlowRegion handler, ControlFlowRegion tryRegion, FlowState atThrow) =>
        CatchesConnectionError(handler) ? MarkFailed(atThrow, IoConnectionsIn(tryRegion, handler)) : atThrow;

    /// <summary>The first catch clause (without a filter) of <paramref name="tryRegion"/> that takes every SocketException.</summary>
    private ControlFlowRegion? SocketErrorHandlerOf(ControlFlowRegion? tryRegion)
    {
        if (tryRegion?.EnclosingRegion is not { Kind: ControlFlowRegionKind.TryAndCatch } region)
        {
            return null;
        }

        for (var i = 1; i < region.NestedRegions.Length; i++)
        {
            var handler = region.NestedRegions[i];
            if (handler.Kind == ControlFlowRegionKind.Catch && ExceptionSources.Catches(handler.ExceptionType, _semantics.Model.SocketException))
            {
                return handler;
            }
        }

        return null;
    }

    /// <summary>The try/catch and try/finally regions whose handlers this scope runs (not those inside a nested finally).</summary>
    private IEnumerable<ControlFlowRegion> HandlerRegionsOf(ControlFlowRegion scope)
    {
        var stack = new Stack<ControlFlowRegion>();
        stack.Push(scope);
        while (stack.Count > 0)
        {
            var region = stack.Pop();
            foreach (var nested in region.NestedRegions)
            {
                if (nested.Kind is ControlFlowRegionKind.TryAndCatch or ControlFlowRegionKind.TryAndFinally)
                {
                    yield return nested;
                }

                if (nested.Kind != ControlFlowRegionKind.Finally)
                {
                    stack.Push(nested);
                }
            }
        }
    }

    private static bool CatchesEverything(ControlFlowRegion tryAndCatch)
    {
        for (var i = 1; i < tryAndCatch.NestedRegions.Length; i++)
        {
            var handler = tryAndCatch.NestedRegions[i];
            if (handler.Kind == ControlFlowRegionKind.Catch &&
                (handler.ExceptionType is null || handler.ExceptionType.SpecialType == SpecialType.System_Object ||
                 handler.ExceptionType is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The catch handler (as its try/catch lists it) whose code contains <paramref name="region"/>; null in a filter or outside handlers.</summary>
    private static ControlFlowRegion? HandlerOf(ControlFlowRegion? region)
    {
        for (var current = region; current?.EnclosingRegion is { } enclosing; current = enclosing)
        {
            if (current.Kind is ControlFlowRegionKind.Filter or ControlFlowRegionKind.Try)
            {
                return null;
            }

            if (enclosing.Kind == ControlFlowRegionKind.TryAndCatch && current.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.FilterAndHandler)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>
    /// The connections a try region did I/O on (read, write, connect), nested regions included, whose I/O can raise
    /// what <paramref name="handler"/> catches: a socket's own calls throw SocketException, a stream's IOException.
    /// </summary>
    private ImmutableHashSet<int> IoConnectionsIn(ControlFlowRegion tryRegion, ControlFlowRegion handler)
    {
        if (!_ioInTry.TryGetValue(handler, out var connections))
        {
            var model = _semantics.Model;
            var takesSocketErrors = ExceptionSources.Catches(handler.ExceptionType, model.SocketException);
            var takesStreamErrors = ExceptionSources.Catches(handler.ExceptionType, model.IOException);
            var builder = ImmutableHashSet.CreateBuilder<int>();
            for (var ordinal = tryRegion.FirstBlockOrdinal; ordinal <= tryRegion.LastBlockOrdinal; ordinal++)
            {
                foreach (var step in _steps[ordinal])
                {
                    if (step.Event is { Kind: ConnectionEventKind.Call } connectionEvent && (connectionEvent.Effects & CallEffects.Io) != 0 &&
                        RaisedBy(connectionEvent.Operation) switch
                        {
                            ConnectionExceptionSources.SocketException => takesSocketErrors,
                            ConnectionExceptionSources.StreamIo => takesStreamErrors,
                            _ => true,
                        })
                    {
                        builder.Add(connectionEvent.Connection);
                    }
                }
            }

            connections = builder.ToImmutable();
            _ioInTry[handler] = connections;
        }

        return connections;
    }

    /// <summary>What a framework call's failure is raised as: a socket's own calls (and its extensions) throw SocketException, a stream, reader or writer's IOException; anything else is not known.</summary>
    private ConnectionExceptionSources RaisedBy(IOperation operation)
    {
        if (operation is not IInvocationOperation { TargetMethod: var method } ||
            SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _semantics.Compilation.Assembly))
        {
            return ConnectionExceptionSources.Unknown;
        }

        var model = _semantics.Model;
        var type = method.ContainingType;
        if (ConnectionModel.InheritsFrom(type, model.Socket) || ConnectionModel.InheritsFrom(type, model.TcpClient) ||
            model.ClassifySocketExtension(method) != ConnectionOperationKind.None)
        {
            return ConnectionExceptionSources.SocketException;
        }

        return ConnectionModel.InheritsFrom(type, model.Stream) || ConnectionModel.InheritsFrom(type, model.TextWriter) ||
               ConnectionModel.InheritsFrom(type, model.TextReader) || ConnectionModel.InheritsFrom(type, model.BinaryWriter) ||
               ConnectionModel.InheritsFrom(type, model.BinaryReader)
            ? ConnectionExceptionSources.StreamIo
            : ConnectionExceptionSources.Unknown;
    }

    /// <summary>A catch (or filter) region that can catch a reset or broken pipe: by type, and by filter when there is one.</summary>
    private bool CatchesConnectionError(ControlFlowRegion handler)
    {
        // Asked for every handler each time the solver seeds handlers; the answer depends on the handler alone.
        if (!_catchesConnectionError.TryGetValue(handler, out var catches))
        {
            catches = _semantics.Model.CatchMayTakeSocketError(handler.ExceptionType) &&
                      (FilterOf(handler) is not { } filter || !ExceptionFilters.AdmitsOnlyTransientErrors(filter, _semantics));
            _catchesConnectionError[handler] = catches;
        }

        return catches;
    }

    private IOperation? FilterOf(ControlFlowRegion handler)
    {
        if (handler.Kind != ControlFlowRegionKind.FilterAndHandler)
        {
            return null;
        }

        for (var ordinal = handler.FirstBlockOrdinal; ordinal <= handler.LastBlockOrdinal; ordinal++)
        {
            var block = _graph.Blocks[ordinal];
            var syntax = block.BranchValue?.Syntax ?? (block.Operations.IsEmpty ? null : block.Operations[0].Syntax);
            var clause = syntax?.FirstAncestorOrSelf<CatchClauseSyntax>();
            if (clause?.Filter is { } filterSyntax && _graph.OriginalOperation.SemanticModel is { } semanticModel)
            {
                return semanticModel.GetOperation(filterSyntax.FilterExpression, _cancellationToken);
            }
        }

        return null;
    }

    private static ControlFlowRegion? NearestTry(ControlFlowRegion? region)
    {
        for (var current = region; current is not null; current = current.EnclosingRegion)
        {
            if (current.Kind == ControlFlowRegionKind.Try)
            {
                return current;
            }
        }

        return null;
    }
}
