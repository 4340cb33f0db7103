// The scan view: a native tree in the Preempt Guard container of the activity
// bar (shown once a scan ran, with the whole side bar's height for a five-level
// tree) over scanView/tree.ts's items. Images, layers, binaries and
// modules open expanded; a function with several split returns lists them
// below it. A click on a function (or a return) whose file is in the
// workspace opens that `return` line. The summary line is the view's message.
import * as vscode from 'vscode';
import type { ScanNode, ScanNodeKind, ScanTree } from './tree';

export const SCAN_VIEW_ID = 'preemptGuard.scanReport';
/** Context key: a scan result exists (shows the view and its commands). */
export const SCAN_CONTEXT_KEY = 'preemptGuard.hasScanReport';

const ICONS: Record<ScanNodeKind, string> = {
  image: 'package',
  layer: 'layers',
  binary: 'file-binary',
  module: 'symbol-namespace',
  function: 'symbol-function',
  return: 'debug-stackframe',
  error: 'error',
};

function icon(n: ScanNode): vscode.ThemeIcon {
  if (n.kind === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  if ((n.kind === 'function' || n.kind === 'return') && n.hazard)
    return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  return new vscode.ThemeIcon(ICONS[n.kind]);
}

class ScanTreeData implements vscode.TreeDataProvider<ScanNode> {
  roots: ScanNode[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  set(roots: ScanNode[]): void {
    this.roots = roots;
    this.changed.fire();
  }

  getChildren(n?: ScanNode): ScanNode[] {
    return n ? n.children : this.roots;
  }

  getTreeItem(n: ScanNode): vscode.TreeItem {
    const state = !n.children.length
      ? vscode.TreeItemCollapsibleState.None
      : n.kind === 'function'
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(n.label, state);
    item.id = n.id;
    item.description = n.description;
    item.tooltip = n.tooltip;
    item.iconPath = icon(n);
    item.contextValue = n.kind;
    item.accessibilityInformation = { label: [n.label, n.description].filter(Boolean).join(', ') };
    if (n.open) {
      const line = Math.max(0, n.open.line - 1);
      item.command = {
        command: 'vscode.open',
        title: '',
        arguments: [vscode.Uri.file(n.open.file), { selection: new vscode.Range(line, 0, line, 0), preview: false }],
      };
    }
    return item;
  }
}

/** The tree view and what shows a scan in it. */
export function createScanView(): { show(tree: ScanTree): Promise<void> } & vscode.Disposable {
  const data = new ScanTreeData();
  const view = vscode.window.createTreeView(SCAN_VIEW_ID, { treeDataProvider: data, showCollapseAll: true });
  return {
    async show(tree) {
      data.set(tree.roots);
      view.message = tree.message;
      await vscode.commands.executeCommand('setContext', SCAN_CONTEXT_KEY, true);
      await vscode.commands.executeCommand(`${SCAN_VIEW_ID}.focus`);
    },
    dispose: () => view.dispose(),
  };
}
