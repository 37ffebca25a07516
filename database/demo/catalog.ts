import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import Customer from '#catalog/models/customer'
import Product from '#catalog/models/product'
import Establishment from '#catalog/models/establishment'
import EmissionPoint from '#catalog/models/emission_point'

/**
 * Demo catalogs of the two demo companies (database/demo/accounts.ts):
 * a few customers and products, and one establishment with one emission
 * point each. Idempotent: rows are found by code or identification, so
 * every `npm start` can run it. The identifications pass the country
 * checks (cédulas and RUCs with valid check digits, Panama DVs by the
 * DGI algorithm).
 */
export async function seedDemoCatalog() {
  const andes = await Tenant.findBy('slug', 'los-andes')
  if (andes) await tenantContext.run(andes, () => seedEcuador(andes))
  const istmo = await Tenant.findBy('slug', 'istmo')
  if (istmo) await tenantContext.run(istmo, () => seedPanama(istmo))
}

async function seedPoint(establishmentCode: string, name: string, address: string) {
  const establishment = await Establishment.firstOrCreate(
    { code: establishmentCode },
    { name, address, isActive: true }
  )
  await EmissionPoint.firstOrCreate(
    { establishmentId: establishment.id, code: '001' },
    { description: 'Caja principal', isActive: true }
  )
}

type DemoCustomer = Partial<Customer> & Pick<Customer, 'identificationType' | 'identification'>

async function seedCustomers(customers: DemoCustomer[]) {
  for (const customer of customers) {
    await Customer.updateOrCreate(
      { identificationType: customer.identificationType, identification: customer.identification },
      { emails: [], isActive: true, ...customer }
    )
  }
}

async function seedProducts(products: Array<Partial<Product> & Pick<Product, 'code'>>) {
  for (const product of products) {
    await Product.updateOrCreate(
      { code: product.code },
      { trackStock: false, stock: null, isActive: true, ...product }
    )
  }
}

async function seedEcuador(tenant: Tenant) {
  await seedPoint('001', 'Matriz', tenant.address)
  await seedCustomers([
    {
      identificationType: '07',
      identification: '9999999999999',
      legalName: 'CONSUMIDOR FINAL',
    },
    {
      identificationType: '05',
      identification: '1710034065',
      legalName: 'Juan Carlos Andrade Pérez',
      address: 'Av. 6 de Diciembre N33-42, Quito',
      emails: ['jandrade@example.com'],
      phone: '0991234567',
    },
    {
      identificationType: '04',
      identification: '0990004196001',
      legalName: 'Constructora del Pacífico S.A.',
      tradeName: 'ConstruPacífico',
      address: 'Av. 9 de Octubre 1911, Guayaquil',
      emails: ['compras@example.com', 'contabilidad@example.com'],
      phone: '04 2345678',
    },
    {
      identificationType: '04',
      identification: '0104567896001',
      legalName: 'María Fernanda Cordero Vintimilla',
      address: 'Calle Larga 7-45, Cuenca',
      emails: ['mfcordero@example.com'],
    },
    {
      identificationType: '06',
      identification: 'P4839201',
      legalName: 'John Smith',
      address: 'Hotel Quito, Av. González Suárez',
      notes: 'Cliente extranjero',
    },
  ])
  await seedProducts([
    {
      code: 'TOR-0114',
      description: 'Tornillo hexagonal 1/4" x 2"',
      unit: 'unidad',
      unitPrice: '0.12',
      taxCategory: 'iva_15',
      trackStock: true,
      stock: '2500',
    },
    {
      code: 'MAR-16OZ',
      description: 'Martillo de uña 16 oz',
      unit: 'unidad',
      unitPrice: '8.75',
      taxCategory: 'iva_15',
      trackStock: true,
      stock: '40',
    },
    {
      code: 'CEM-50KG',
      description: 'Cemento gris, saco de 50 kg',
      unit: 'saco',
      unitPrice: '8.4',
      taxCategory: 'iva_15',
      trackStock: true,
      stock: '120',
    },
    {
      code: 'SRV-INST',
      description: 'Servicio de instalación (hora)',
      unit: 'hora',
      unitPrice: '15',
      taxCategory: 'iva_15',
    },
    {
      code: 'LIB-MANT',
      description: 'Manual de mantenimiento del hogar (libro)',
      unit: 'unidad',
      unitPrice: '12.5',
      taxCategory: 'iva_0',
    },
  ])
}

async function seedPanama(tenant: Tenant) {
  await seedPoint('0000', 'Casa matriz', tenant.address)
  await seedCustomers([
    {
      identificationType: '02',
      identification: '',
      legalName: 'Consumidor final',
    },
    {
      identificationType: '01',
      identification: '155596713-2-2015',
      checkDigits: '59',
      taxpayerType: '2',
      legalName: 'Importadora del Canal, S.A.',
      address: 'Vía España, Edificio Torre Delta, Ciudad de Panamá',
      emails: ['facturas@example.com'],
      phone: '+507 260-1234',
    },
    {
      identificationType: '01',
      identification: '8-123-456',
      checkDigits: '91',
      taxpayerType: '1',
      legalName: 'Rosa Elena Quintero',
      address: 'Calle 5, Chitré, Herrera',
      emails: ['rquintero@example.com'],
    },
    {
      identificationType: '04',
      identification: 'X1234567',
      foreignIdType: '01',
      foreignCountry: 'Colombia',
      legalName: 'Andrés Felipe Gómez',
    },
  ])
  await seedProducts([
    {
      code: 'ARR-5LB',
      description: 'Arroz especial, bolsa de 5 lb',
      unit: 'bolsa',
      unitPrice: '3.95',
      taxCategory: 'itbms_exento',
      trackStock: true,
      stock: '300',
    },
    {
      code: 'ACE-1L',
      description: 'Aceite vegetal 1 L',
      unit: 'botella',
      unitPrice: '2.75',
      taxCategory: 'itbms_exento',
      trackStock: true,
      stock: '150',
    },
    {
      code: 'DET-2KG',
      description: 'Detergente en polvo 2 kg',
      unit: 'unidad',
      unitPrice: '6.5',
      taxCategory: 'itbms_7',
      trackStock: true,
      stock: '80',
    },
    {
      code: 'LIC-750',
      description: 'Ron añejo 750 ml',
      unit: 'botella',
      unitPrice: '18.9',
      taxCategory: 'itbms_10',
    },
    {
      code: 'ENT-DOM',
      description: 'Entrega a domicilio',
      unit: 'servicio',
      unitPrice: '5',
      taxCategory: 'itbms_7',
    },
  ])
}
