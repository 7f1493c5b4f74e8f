import { BaseCommand } from '../base-command.js'
import { toolVersion } from '../version.js'

export default class Version extends BaseCommand<typeof Version> {
  static override summary = 'Print the version of cloudops, the Node.js it runs on, and the platform.'
  static override examples = ['<%= config.bin %> version', '<%= config.bin %> version --json']

  async run(): Promise<void> {
    const info = { version: toolVersion(), node: process.version, platform: `${process.platform}-${process.arch}` }
    this.print(info, (v) => `cloudops ${v.version} (node ${v.node}, ${v.platform})`)
  }
}
