-- Headless neovim (0.7, built-in LSP client) as a second, independent LSP
-- client: starts the server over stdio, opens a Go file, waits until the
-- server reports a finished analysis, then writes what neovim holds
-- (diagnostics, the status, the hover text at PG_HOVER_LINE) as JSON to PG_OUT.
local cmd = vim.fn.json_decode(os.getenv('PG_CMD'))
local root = os.getenv('PG_ROOT')
local file = os.getenv('PG_FILE')
local out = os.getenv('PG_OUT')
local hover_line = tonumber(os.getenv('PG_HOVER_LINE') or '-1')
local timeout = tonumber(os.getenv('PG_TIMEOUT_MS') or '120000')

local result = { status = vim.NIL, diagnostics = {}, hover = vim.NIL, error = vim.NIL }
local finished = false

local function write_result()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local id = vim.lsp.start_client({
  name = 'preempt-guard',
  cmd = cmd,
  root_dir = root,
  settings = { preemptGuard = { goPath = os.getenv('PG_GO') or '' } },
  -- neovim 0.7 answers no workspace/configuration; push the settings the way nvim-lspconfig does.
  on_init = function(client)
    client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
  end,
  handlers = {
    ['preemptGuard/status'] = function(_, params)
      for _, m in ipairs(params.modules) do
        if m.state ~= 'analysing' and m.state ~= 'idle' then
          result.status = m
          finished = true
        end
      end
    end,
  },
})
if not id then
  result.error = 'start_client failed'
  write_result()
  vim.cmd('qa!')
end

vim.cmd('filetype on')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, id)

if not vim.wait(timeout, function() return finished end, 50) then
  result.error = 'no finished analysis within ' .. timeout .. ' ms'
end
-- Diagnostics travel before the status notification on the same stream.
vim.wait(5000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  table.insert(result.diagnostics, {
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    severity = d.severity, message = d.message, source = d.source, code = d.code,
  })
end

if hover_line >= 0 then
  local client = vim.lsp.get_client_by_id(id)
  local resp = client.request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = hover_line, character = 1 },
  }, 20000, bufnr)
  if resp and resp.result then result.hover = resp.result.contents.value end
end

write_result()
vim.lsp.stop_client(id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
vim.cmd('qa!')
