using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace SocketAnalyzers.Flow;

/// <summary>
/// The operations of each basic block of one graph in evaluation order (children before parents), lambdas left
/// out. Walked once per graph: the connection table and the analysis read the same lists several times.
/// </summary>
internal sealed class FlowOperations
{
    private readonly IOperation[][] _byBlock;

    private FlowOperations(IOperation[][] byBlock) => _byBlock = byBlock;

    /// <summary>The operations of <paramref name="block"/>, then those of its branch value.</summary>
    public IOperation[] Of(BasicBlock block) => _byBlock[block.Ordinal];

    public static FlowOperations Of(ControlFlowGraph graph)
    {
        var byBlock = new IOperation[graph.Blocks.Length][];
        var stack = new Stack<(IOperation Operation, bool ChildrenDone)>();
        var ordered = new List<IOperation>();
        foreach (var block in graph.Blocks)
        {
            ordered.Clear();
            foreach (var root in block.Operations)
            {
                AddPostOrder(root, stack, ordered);
            }

            if (block.BranchValue is { } branchValue)
            {
                AddPostOrder(branchValue, stack, ordered);
            }

            byBlock[block.Ordinal] = ordered.Count == 0 ? System.Array.Empty<IOperation>() : ordered.ToArray();
        }

        return new FlowOperations(byBlock);
    }

    private static void AddPostOrder(IOperation root, Stack<(IOperation Operation, bool ChildrenDone)> stack, List<IOperation> ordered)
    {
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (operation, childrenDone) = stack.Pop();
            if (childrenDone)
            {
                ordered.Add(operation);
                continue;
            }

            stack.Push((operation, true));
            if (operation is IFlowAnonymousFunctionOperation)
            {
                // A lambda's body is its own graph, analyzed on its own.
                continue;
            }

            foreach (var child in operation.ChildOperations.Reverse())
            {
                stack.Push((child, false));
            }
        }
    }
}
